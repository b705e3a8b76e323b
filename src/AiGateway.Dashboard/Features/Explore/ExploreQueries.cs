using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Overview;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Explore;

/// <summary>
/// Explore's reads: a grid grouped by one dimension and split by a second, and a stacked chart of the top
/// series plus "Other" in daily buckets up to 90 days, weekly up to 26 weeks and monthly beyond. Grouping by
/// org unit shows the level below the org unit filter (or below the organization), so clicking drills down the tree.
/// </summary>
public sealed class ExploreQueries(IDbContextFactory<DashboardDbContext> dbFactory, SpendQueries spend, IOptions<ReportingOptions> reporting, TimeProvider time)
{
    public const int TopSeries = 8;
    public const string Other = "Other";

    public async Task<ExploreResult> LoadAsync(ExploreState state, SpendScope scope, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var window = state.Window(today, reporting.Value.FiscalYearStartMonth);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var (filter, _, error) = state.Filter.Parse(tree);
        if (filter is null) return ExploreResult.Failed(window, error!);
        if (state.Filter.FirstOutside(scope, tree) is { } outside) return ExploreResult.Failed(window, $"'{outside}' is not one of your org units.");

        var names = new Labels(await OverviewQueries.ProjectNamesAsync(db, cancellationToken),
            await db.Connections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken),
            DisplayLevel(tree, state.Filter.OrgUnitCodes.ToList()));

        var dims = state.Split is { } split ? new[] { state.GroupBy, split } : [state.GroupBy];
        var raw = await spend.QueryAsync(new SpendQuery(window.From, window.To, dims) { Filter = filter, Scope = scope, Basis = state.Basis }, cancellationToken);
        var total = raw.Sum(r => r.CostMicros);
        var rows = raw
            .Select(r => (Group: names.Of(state.GroupBy, r.Key), Split: state.Split is { } s ? names.Of(s, r.Key) : default, Row: r))
            .GroupBy(x => (x.Group.Value, x.Split.Value))
            .Select(g => new ExploreRow(g.Key.Item1, g.First().Group.Label, g.Key.Item2, g.First().Split.Label,
                g.Sum(x => x.Row.CostMicros), g.Sum(x => x.Row.InputTokens), g.Sum(x => x.Row.OutputTokens), g.Sum(x => x.Row.Requests),
                total == 0 ? 0 : (decimal)g.Sum(x => x.Row.CostMicros) / total, g.Sum(x => x.Row.EstimatedMicros)))
            .ToList();

        // The chart: top series by cost over the whole range, the rest summed as "Other".
        var bucket = window.Days <= 90 ? ChartBucket.Day : window.Days <= 182 ? ChartBucket.Week : ChartBucket.Month;
        var top = rows.GroupBy(r => r.GroupValue).Select(g => (Value: g.Key, g.First().GroupLabel, Cost: g.Sum(r => r.CostMicros)))
            .OrderByDescending(g => g.Cost).Take(TopSeries).ToList();
        var timeDim = bucket == ChartBucket.Month ? SpendDimension.Month : SpendDimension.Day;
        var series = await spend.CostSeriesAsync(new SpendQuery(window.From, window.To, [timeDim, state.GroupBy]) { Filter = filter, Scope = scope, Basis = state.Basis }, cancellationToken);
        var starts = BucketStarts(window, bucket);
        int BucketOf(DateOnly day) => starts.FindLastIndex(s => s <= day);
        var topValues = top.Select(t => t.Value).ToList();
        var values = new double[topValues.Count + 1, starts.Count];
        foreach (var r in series)
        {
            var i = topValues.IndexOf(names.Of(state.GroupBy, r.Key).Value);
            var b = BucketOf(r.Key.Day!.Value);
            if (b < 0) continue;
            values[i < 0 ? topValues.Count : i, b] += (double)Money.Reporting(r.CostMicros).ToMajor();
        }
        var chart = top.Select((t, i) => new ExploreSeries(t.GroupLabel, t.Value, Enumerable.Range(0, starts.Count).Select(b => values[i, b]).ToList())).ToList();
        var other = Enumerable.Range(0, starts.Count).Select(b => values[topValues.Count, b]).ToList();
        if (other.Any(v => v != 0)) chart.Add(new ExploreSeries(Other, null, other));

        var labels = starts.Select(s => bucket switch
        {
            ChartBucket.Day => s.ToString("MM-dd"),
            ChartBucket.Week => "wk " + s.ToString("MM-dd"),
            _ => s.ToString("yyyy-MM"),
        }).ToList();
        return new ExploreResult(window, bucket, labels, chart, Sort(rows, state), total, null, raw.Sum(r => r.EstimatedMicros));
    }

    /// <summary>The filters' choices: the models, projects and connections with spend in the view's range and scope (under the other filters), largest first.</summary>
    public async Task<IReadOnlyDictionary<SpendDimension, IReadOnlyList<ExploreChoice>>> ChoicesAsync(ExploreState state, SpendScope scope, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var window = state.Window(today, reporting.Value.FiscalYearStartMonth);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var names = new Labels(await OverviewQueries.ProjectNamesAsync(db, cancellationToken),
            await db.Connections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken), id => tree.Find(id));
        var choices = new Dictionary<SpendDimension, IReadOnlyList<ExploreChoice>>();
        foreach (var dimension in new[] { SpendDimension.Model, SpendDimension.Project, SpendDimension.Connection })
        {
            var others = dimension switch
            {
                SpendDimension.Model => state.Filter with { Model = null },
                SpendDimension.Project => state.Filter with { Project = null },
                _ => state.Filter with { Connection = null },
            };
            if (others.Parse(tree).Filter is not { } filter) { choices[dimension] = []; continue; }
            var rows = await spend.QueryAsync(new SpendQuery(window.From, window.To, [dimension]) { Filter = filter, Scope = scope, Basis = state.Basis }, cancellationToken);
            choices[dimension] = rows.OrderByDescending(r => r.CostMicros).Select(r => names.Of(dimension, r.Key))
                .Where(c => c.Value.Length > 0).DistinctBy(c => c.Value).Select(c => new ExploreChoice(c.Value, c.Label)).ToList();
        }
        return choices;
    }

    private static List<DateOnly> BucketStarts(DateWindow window, ChartBucket bucket)
    {
        var starts = new List<DateOnly>();
        var start = bucket switch
        {
            ChartBucket.Week => window.From.AddDays(-(((int)window.From.DayOfWeek + 6) % 7)), // Monday
            ChartBucket.Month => new DateOnly(window.From.Year, window.From.Month, 1),
            _ => window.From,
        };
        for (var s = start; s <= window.To; s = bucket switch { ChartBucket.Week => s.AddDays(7), ChartBucket.Month => s.AddMonths(1), _ => s.AddDays(1) })
        {
            starts.Add(s);
        }
        return starts;
    }

    private static IReadOnlyList<ExploreRow> Sort(List<ExploreRow> rows, ExploreState state)
    {
        IEnumerable<ExploreRow> sorted = state.Sort switch
        {
            "name" => rows.OrderBy(r => r.GroupLabel, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.SplitLabel),
            "tokens" => rows.OrderBy(r => r.Tokens),
            "requests" => rows.OrderBy(r => r.Requests),
            "costPer1k" => rows.OrderBy(r => r.CostPer1kTokensMicros ?? long.MaxValue),
            _ => rows.OrderBy(r => r.CostMicros),
        };
        return (state.Descending ? sorted.Reverse() : sorted).ToList();
    }

    // Grouping by org unit shows the children of the filtered unit (one unit named), else the level below the root.
    private static Func<int, OrgUnit?> DisplayLevel(OrgTree tree, List<string> codes)
    {
        var anchor = codes.Count == 1 ? tree.FindByCode(codes[0]) : null;
        var roots = tree.Roots.ToList();
        var topLevel = anchor ?? (roots.Count == 1 ? roots[0] : null);
        return id =>
        {
            var chain = tree.Ancestors(id).Reverse().Append(tree.Find(id)!).ToList(); // root … unit
            if (topLevel is null) return chain.FirstOrDefault();
            var at = chain.FindIndex(u => u.Id == topLevel.Id);
            return at < 0 ? chain.Last() : at + 1 < chain.Count ? chain[at + 1] : chain[at];
        };
    }

    private sealed class Labels(Dictionary<string, string> projects, Dictionary<int, string> connections, Func<int, OrgUnit?> displayUnit)
    {
        public (string Value, string Label) Of(SpendDimension dimension, SpendKey key) => dimension switch
        {
            SpendDimension.Provider => (key.Provider.ToString()!, key.Provider.ToString()!),
            SpendDimension.Model => (key.Model ?? "", string.IsNullOrEmpty(key.Model) ? "(no model)" : key.Model),
            SpendDimension.OrgUnit => key.OrgUnitId is { } id && displayUnit(id) is { } u ? (u.Code, u.Name) : (SpendFilterText.UnallocatedCode, "Unallocated"),
            SpendDimension.Project => (key.Project ?? "", projects.GetValueOrDefault(key.Project ?? "", string.IsNullOrEmpty(key.Project) ? "(no project)" : key.Project!)),
            SpendDimension.Connection => (key.ConnectionId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", connections.GetValueOrDefault(key.ConnectionId ?? 0, $"connection {key.ConnectionId}")),
            _ => ("", ""),
        };
    }
}
