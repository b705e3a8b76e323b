using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Tests.Domain;

public class SpendSplitTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    // As the engine asks it: the last month is whole when the range reaches today and nothing is dated later.
    private static List<SpendPart> Split(string from, string to, params SpendDimension[] groupBy) =>
        SpendQueries.Split(new SpendQuery(DateOnly.Parse(from), DateOnly.Parse(to), groupBy), lastMonthIsWhole: DateOnly.Parse(to) >= Today).ToList();

    private static SpendPart Days(DateOnly from, DateOnly to) => new(RollupGrain.Day, from, to);
    private static SpendPart Less(DateOnly from, DateOnly to) => new(RollupGrain.Day, from, to, Less: true);
    private static SpendPart Months(DateOnly from, DateOnly to) => new(RollupGrain.Month, from, to);

    [Fact]
    public void Whole_months_come_from_the_month_grain_and_edges_from_days_or_their_month_less_the_days_outside() =>
        Split("2026-01-15", "2026-04-10").ShouldBe(
        [
            // 17 of January's 31 days are in the range: January less its first 14 days.
            Months(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1)),
            Less(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 14)),
            Months(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)),
            // 10 of April's 30: those days.
            Days(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 10)),
        ]);

    [Fact]
    public void No_edge_reads_more_than_half_a_month_of_days()
    {
        for (var from = new DateOnly(2023, 12, 2); from <= new DateOnly(2025, 1, 31); from = from.AddDays(1))
        {
            foreach (var to in new[] { from.AddDays(364), from.AddDays(89), new DateOnly(from.Year, from.Month, 1).AddMonths(3).AddDays(-2) })
            {
                var parts = SpendQueries.Split(new SpendQuery(from, to, []), lastMonthIsWhole: false).ToList();
                foreach (var part in parts.Where(p => p.Grain == RollupGrain.Day && parts.Count > 1))
                    (part.To.DayNumber - part.From.DayNumber + 1).ShouldBeLessThanOrEqualTo(15, $"{from}..{to}: {part}");
                // Every day of the range counts once: months add their days, taken-away days subtract theirs.
                var counted = new Dictionary<DateOnly, int>();
                foreach (var part in parts)
                {
                    var last = part.Grain == RollupGrain.Month ? part.To.AddMonths(1).AddDays(-1) : part.To;
                    for (var d = part.From; d <= last; d = d.AddDays(1)) counted[d] = counted.GetValueOrDefault(d) + (part.Less ? -1 : 1);
                }
                counted.Where(c => c.Value != 0).Select(c => c.Key).Order().ShouldBe(Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays), $"{from}..{to}");
                counted.Values.ShouldAllBe(v => v == 0 || v == 1);
            }
        }
    }

    [Fact]
    public void An_exact_quarter_is_read_from_months_only() =>
        Split("2026-10-01", "2026-12-31").ShouldBe([Months(new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 1))]);

    [Fact]
    public void A_range_inside_one_month_is_read_from_days() =>
        Split("2026-10-03", "2026-10-29").ShouldBe([Days(new DateOnly(2026, 10, 3), new DateOnly(2026, 10, 29))]);

    [Fact]
    public void Month_to_date_reaching_today_is_read_from_the_month_grain() =>
        Split("2026-11-01", "2026-11-20").ShouldBe([Months(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1))]);

    [Fact]
    public void The_last_365_days_read_one_edge_day_and_twelve_months() =>
        Split("2025-11-21", "2026-11-20").ShouldBe(
        [
            Days(new DateOnly(2025, 11, 21), new DateOnly(2025, 11, 30)),
            Months(new DateOnly(2025, 12, 1), new DateOnly(2026, 11, 1)),
        ]);

    [Fact]
    public void A_range_reaching_today_with_spend_dated_later_reads_its_last_days_from_days() =>
        SpendQueries.Split(new SpendQuery(new DateOnly(2025, 11, 21), Today, []), lastMonthIsWhole: false).ShouldBe(
        [
            Days(new DateOnly(2025, 11, 21), new DateOnly(2025, 11, 30)),
            Months(new DateOnly(2025, 12, 1), new DateOnly(2026, 10, 1)),
            Months(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1)),
            Less(new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 30)),
        ]);

    [Fact]
    public void A_year_asked_on_1_January_reads_its_first_month_less_one_day() =>
        SpendQueries.Split(new SpendQuery(new DateOnly(2025, 1, 2), new DateOnly(2026, 1, 1), []), lastMonthIsWhole: false).ShouldBe(
        [
            Months(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1)),
            Less(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1)),
            Months(new DateOnly(2025, 2, 1), new DateOnly(2025, 12, 1)),
            Days(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1)),
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
        Split("2026-01-01", "2026-12-31", SpendDimension.Day).ShouldBe([Days(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))]);
}
