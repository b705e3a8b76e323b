using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class MonthCloseTests
{
    private static readonly Period November = Period.Month(2026, 11);

    [Theory]
    [InlineData("2026-11-15")]
    [InlineData("2026-11-30")]
    public void A_month_that_has_not_ended_cannot_be_closed(string today)
    {
        MonthClose.Refusal(November, DateOnly.Parse(today), null).ShouldBe("2026-11 has not ended yet: it can be closed from 2026-12-01.");
    }

    [Fact]
    public void A_closed_month_cannot_be_closed_again_but_an_ended_open_one_can()
    {
        MonthClose.Refusal(November, new DateOnly(2026, 12, 12), new BookMonth { Closed = true }).ShouldBe("2026-11 is already closed.");
        MonthClose.Refusal(November, new DateOnly(2026, 12, 1), null).ShouldBeNull();
        MonthClose.Refusal(November, new DateOnly(2026, 12, 1), new BookMonth { Closed = false, ReopenReason = "late credit" }).ShouldBeNull();
    }

    [Fact]
    public void Before_the_close_day_and_with_a_connection_behind_the_close_needs_confirming()
    {
        var synced = new Dictionary<string, DateOnly?> { ["OpenAI"] = new DateOnly(2026, 12, 1), ["Anthropic"] = new DateOnly(2026, 11, 28), ["Bedrock"] = null };

        var cautions = MonthClose.Cautions(November, new DateOnly(2026, 12, 3), 10, synced);

        cautions.ShouldBe([
            "It is before day 10 of the next month (2026-12-10), when providers have usually restated 2026-11.",
            "Anthropic has synced only through 2026-11-28, not the whole of 2026-11.",
            "Bedrock has never synced successfully.",
        ]);
    }

    [Fact]
    public void Rows_still_waiting_for_an_exchange_rate_need_confirming_before_the_month_closes()
    {
        var synced = new Dictionary<string, DateOnly?> { ["Azure"] = new DateOnly(2026, 11, 30) };

        var cautions = MonthClose.Cautions(November, new DateOnly(2026, 12, 10), 10, synced, [new FxGap("EUR", "USD", new DateOnly(2026, 11, 14), 3, 1_500_000)]);

        cautions.ShouldHaveSingleItem().ShouldBe("3 row(s) still wait for an exchange rate (no EUR→USD rate for 2026-11-14): closed now, they stay out of the totals of 2026-11.");
        MonthClose.Cautions(November, new DateOnly(2026, 12, 10), 10, synced, []).ShouldBeEmpty();
    }

    [Fact]
    public void From_the_close_day_with_every_connection_through_the_month_nothing_needs_confirming()
    {
        var synced = new Dictionary<string, DateOnly?> { ["OpenAI"] = new DateOnly(2026, 11, 30) };

        MonthClose.Cautions(November, new DateOnly(2026, 12, 10), 10, synced).ShouldBeEmpty();
        MonthClose.Cautions(November, new DateOnly(2026, 12, 9), 10, synced).Count.ShouldBe(1);
        // The 1st as close day: the day after the month ends.
        MonthClose.Cautions(November, new DateOnly(2026, 12, 1), 1, synced).ShouldBeEmpty();
    }

    [Fact]
    public void A_month_whose_adjustments_sit_in_a_closed_month_cannot_be_reopened()
    {
        var closed = new BookMonth { Closed = true };

        MonthClose.ReopenRefusal(November, null, []).ShouldBe("2026-11 is not closed.");
        MonthClose.ReopenRefusal(November, closed, [new DateOnly(2026, 12, 1)])
            .ShouldBe("Adjustments to 2026-11 are booked in 2026-12, which is closed; reopen that month first.");
        MonthClose.ReopenRefusal(November, closed, []).ShouldBeNull();
    }

    [Fact]
    public void A_window_splits_into_open_and_closed_runs_at_month_boundaries()
    {
        var closed = new ClosedMonths([new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1)]);

        var parts = closed.Split(new DateWindow(new DateOnly(2026, 8, 20), new DateOnly(2026, 12, 5)));

        parts.ShouldBe([
            (new DateWindow(new DateOnly(2026, 8, 20), new DateOnly(2026, 8, 31)), false),
            (new DateWindow(new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 31)), true),
            (new DateWindow(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 5)), false),
        ]);
        closed.IsClosed(new DateOnly(2026, 10, 31)).ShouldBeTrue();
        closed.IsClosed(new DateOnly(2026, 11, 1)).ShouldBeFalse();
        ClosedMonths.None.Split(new DateWindow(new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 1))).ShouldBe([
            (new DateWindow(new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 1)), false)]);
    }
}
