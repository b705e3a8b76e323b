using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Tests.Domain;

public class SpendSplitTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static List<(RollupGrain, DateOnly, DateOnly)> Split(string from, string to, params SpendDimension[] groupBy) =>
        SpendQueries.Split(new SpendQuery(DateOnly.Parse(from), DateOnly.Parse(to), groupBy), Today).ToList();

    [Fact]
    public void Whole_months_come_from_the_month_grain_and_edges_from_days() =>
        Split("2026-01-15", "2026-04-10").ShouldBe(
        [
            (RollupGrain.Day, new DateOnly(2026, 1, 15), new DateOnly(2026, 1, 31)),
            (RollupGrain.Month, new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)),
            (RollupGrain.Day, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 10)),
        ]);

    [Fact]
    public void An_exact_quarter_is_read_from_months_only() =>
        Split("2026-10-01", "2026-12-31").ShouldBe([(RollupGrain.Month, new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 1))]);

    [Fact]
    public void A_range_inside_one_month_is_read_from_days() =>
        Split("2026-10-03", "2026-10-29").ShouldBe([(RollupGrain.Day, new DateOnly(2026, 10, 3), new DateOnly(2026, 10, 29))]);

    [Fact]
    public void Month_to_date_reaching_today_is_read_from_the_month_grain() =>
        Split("2026-11-01", "2026-11-20").ShouldBe([(RollupGrain.Month, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1))]);

    [Fact]
    public void The_last_365_days_read_one_edge_day_and_twelve_months() =>
        Split("2025-11-21", "2026-11-20").ShouldBe(
        [
            (RollupGrain.Day, new DateOnly(2025, 11, 21), new DateOnly(2025, 11, 30)),
            (RollupGrain.Month, new DateOnly(2025, 12, 1), new DateOnly(2026, 11, 1)),
        ]);

    [Fact]
    public void Grouping_by_day_always_reads_days() =>
        Split("2026-01-01", "2026-12-31", SpendDimension.Day).ShouldBe([(RollupGrain.Day, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))]);
}
