using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Tests.Domain;

public class SpendSplitTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    // As the engine asks it: the last month is whole when the range reaches today and nothing is dated later.
    private static List<(RollupGrain, DateOnly, DateOnly)> Split(string from, string to, params SpendDimension[] groupBy) =>
        SpendQueries.Split(new SpendQuery(DateOnly.Parse(from), DateOnly.Parse(to), groupBy), lastMonthIsWhole: DateOnly.Parse(to) >= Today).ToList();

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
    public void A_range_reaching_today_with_spend_dated_later_reads_its_last_days_from_days() =>
        SpendQueries.Split(new SpendQuery(new DateOnly(2025, 11, 21), Today, []), lastMonthIsWhole: false).ShouldBe(
        [
            (RollupGrain.Day, new DateOnly(2025, 11, 21), new DateOnly(2025, 11, 30)),
            (RollupGrain.Month, new DateOnly(2025, 12, 1), new DateOnly(2026, 10, 1)),
            (RollupGrain.Day, new DateOnly(2026, 11, 1), Today),
        ]);

    [Theory]
    [InlineData(new SpendDimension[0], false, false, RollupGrain.ModelDay)]
    [InlineData(new[] { SpendDimension.Model }, false, false, RollupGrain.ModelDay)]
    [InlineData(new[] { SpendDimension.Provider, SpendDimension.Model, SpendDimension.Connection, SpendDimension.Month }, false, false, RollupGrain.ModelDay)]
    [InlineData(new[] { SpendDimension.OrgUnit, SpendDimension.Day }, false, false, RollupGrain.UnitDay)]
    [InlineData(new[] { SpendDimension.Model }, true, false, RollupGrain.Day)]
    [InlineData(new SpendDimension[0], true, false, RollupGrain.UnitDay)]
    [InlineData(new[] { SpendDimension.Provider }, false, true, RollupGrain.Day)]
    [InlineData(new[] { SpendDimension.OrgUnit }, false, true, RollupGrain.Day)]
    [InlineData(new[] { SpendDimension.Project }, false, false, RollupGrain.Day)]
    [InlineData(new[] { SpendDimension.OrgUnit, SpendDimension.Model }, false, false, RollupGrain.Day)]
    public void A_question_reads_the_leanest_grains_that_keep_what_it_groups_filters_and_is_scoped_by(
        SpendDimension[] groupBy, bool scoped, bool filteredByProject, RollupGrain expected)
    {
        var query = new SpendQuery(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), groupBy)
        {
            Scope = scoped ? new SpendScope(new HashSet<int> { 7 }) : SpendScope.All,
            Filter = filteredByProject ? new SpendFilter { Projects = ["proj_1"] } : SpendFilter.None,
        };
        var grains = SpendQueries.Grains(query);
        grains.Days.ShouldBe(expected);
        grains.Months.ShouldBe((RollupGrain)((int)expected + 1));
    }

    [Fact]
    public void Filters_on_models_or_units_keep_those_dimensions()
    {
        var month = (new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31));
        SpendQueries.Grains(new SpendQuery(month.Item1, month.Item2, [SpendDimension.Provider]) { Filter = new SpendFilter { Models = ["gpt-4o"] } })
            .ShouldBe(RollupGrains.Models);
        SpendQueries.Grains(new SpendQuery(month.Item1, month.Item2, []) { Filter = new SpendFilter { Unallocated = true } })
            .ShouldBe(RollupGrains.Units);
        SpendQueries.Grains(new SpendQuery(month.Item1, month.Item2, [SpendDimension.Model]) { Filter = new SpendFilter { OrgUnitIds = [3] } })
            .ShouldBe(RollupGrains.Full);
        SpendQueries.Grains(new SpendQuery(month.Item1, month.Item2, [SpendDimension.OrgUnit]) { Filter = new SpendFilter { ConnectionIds = [1] } })
            .ShouldBe(RollupGrains.Units);
    }

    [Fact]
    public void Grouping_by_day_always_reads_days() =>
        Split("2026-01-01", "2026-12-31", SpendDimension.Day).ShouldBe([(RollupGrain.Day, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))]);
}
