using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class PeriodTests
{
    [Fact]
    public void A_month_runs_from_the_first_to_the_last_day()
    {
        var p = Period.Containing(PeriodKind.Monthly, new DateOnly(2028, 2, 14));
        p.Start.ShouldBe(new DateOnly(2028, 2, 1));
        p.End.ShouldBe(new DateOnly(2028, 2, 29));
        p.Days.ShouldBe(29);
        p.Label.ShouldBe("2028-02");
    }

    [Theory]
    [InlineData(1, "2026-11-29", "2026-10-01", "2026-12-31")]
    [InlineData(4, "2026-11-29", "2026-10-01", "2026-12-31")]
    [InlineData(4, "2026-04-01", "2026-04-01", "2026-06-30")]
    [InlineData(2, "2026-01-15", "2025-11-01", "2026-01-31")]
    [InlineData(7, "2026-06-30", "2026-04-01", "2026-06-30")]
    public void Quarters_follow_the_fiscal_year_start(int fiscalStart, string date, string start, string end)
    {
        var p = Period.Containing(PeriodKind.Quarterly, DateOnly.Parse(date), fiscalStart);
        p.Start.ShouldBe(DateOnly.Parse(start));
        p.End.ShouldBe(DateOnly.Parse(end));
    }

    [Theory]
    [InlineData(1, "2026-11-29", "2026-01-01", "2026-12-31")]
    [InlineData(7, "2026-11-29", "2026-07-01", "2027-06-30")]
    [InlineData(7, "2026-03-01", "2025-07-01", "2026-06-30")]
    public void Years_follow_the_fiscal_year_start(int fiscalStart, string date, string start, string end)
    {
        var p = Period.Containing(PeriodKind.Annual, DateOnly.Parse(date), fiscalStart);
        p.Start.ShouldBe(DateOnly.Parse(start));
        p.End.ShouldBe(DateOnly.Parse(end));
    }

    [Fact]
    public void Next_and_previous_cross_year_ends()
    {
        var december = Period.Month(2026, 12);
        december.Next().ShouldBe(Period.Month(2027, 1));
        Period.Month(2027, 1).Previous().ShouldBe(december);

        var q = Period.Containing(PeriodKind.Quarterly, new DateOnly(2026, 2, 10), 2);
        q.Next().Start.ShouldBe(new DateOnly(2026, 5, 1));
        q.Previous().Start.ShouldBe(new DateOnly(2025, 11, 1));
        Period.Containing(PeriodKind.Annual, new DateOnly(2026, 8, 1), 7).Next().Start.ShouldBe(new DateOnly(2027, 7, 1));
    }

    [Fact]
    public void Days_elapsed_counts_today_and_stops_at_the_end()
    {
        var p = Period.Month(2026, 11);
        p.DaysElapsed(new DateOnly(2026, 10, 31)).ShouldBe(0);
        p.DaysElapsed(new DateOnly(2026, 11, 1)).ShouldBe(1);
        p.DaysElapsed(new DateOnly(2026, 11, 29)).ShouldBe(29);
        p.DaysElapsed(new DateOnly(2027, 1, 5)).ShouldBe(30);
    }

    [Fact]
    public void The_same_point_last_month_is_capped_at_its_length()
    {
        var march = Period.Month(2026, 3);
        march.SamePointIn(march.Previous(), new DateOnly(2026, 3, 31)).ShouldBe(new DateOnly(2026, 2, 28));
        march.SamePointIn(march.Previous(), new DateOnly(2026, 3, 10)).ShouldBe(new DateOnly(2026, 2, 10));
    }

    [Fact]
    public void A_fiscal_month_outside_1_to_12_is_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Period.Containing(PeriodKind.Annual, new DateOnly(2026, 1, 1), 13));
}
