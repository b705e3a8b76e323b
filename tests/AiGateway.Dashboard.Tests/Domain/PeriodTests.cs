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

    [Theory]
    [InlineData(PeriodKind.Annual, 3, "2024-02-29", "2023-03-01", "2024-02-29", 366)]
    [InlineData(PeriodKind.Annual, 3, "2024-03-01", "2024-03-01", "2025-02-28", 365)]
    [InlineData(PeriodKind.Quarterly, 3, "2024-01-10", "2023-12-01", "2024-02-29", 91)]
    [InlineData(PeriodKind.Quarterly, 3, "2025-02-28", "2024-12-01", "2025-02-28", 90)]
    [InlineData(PeriodKind.Annual, 7, "2028-02-29", "2027-07-01", "2028-06-30", 366)]
    public void Fiscal_periods_count_the_leap_day(PeriodKind kind, int fiscalStart, string date, string start, string end, int days)
    {
        var p = Period.Containing(kind, DateOnly.Parse(date), fiscalStart);
        p.Start.ShouldBe(DateOnly.Parse(start));
        p.End.ShouldBe(DateOnly.Parse(end));
        p.Days.ShouldBe(days);
    }

    [Fact]
    public void Fiscal_quarters_chain_across_fiscal_years_without_gaps()
    {
        var p = Period.Containing(PeriodKind.Quarterly, new DateOnly(2023, 3, 1), 3);
        for (var i = 0; i < 12; i++)
        {
            var next = p.Next();
            next.Start.ShouldBe(p.End.AddDays(1));
            next.Previous().ShouldBe(p);
            next.Days.ShouldBeInRange(89, 92);
            p = next;
        }
        p.Start.ShouldBe(new DateOnly(2026, 3, 1));
    }
}
