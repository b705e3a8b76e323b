using System.Linq.Expressions;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>
/// The spend query engine, over rollups only (never the fact table). A range is split into whole months,
/// read from the month grain, and the days at either edge, read from the day grain; grouping by day reads
/// the day grain. Each question reads the leanest grains that keep the dimensions it groups, filters or is
/// scoped by (decision 023). Filters and the person's scope apply in SQL.
/// </summary>
public sealed class SpendQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<SpendRow>> QueryAsync(SpendQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var split = Split(query, await LastMonthIsWholeAsync(db, query, cancellationToken)).ToList();
        var grains = Grains(query);
        var parts = new List<Aggregate>();
        foreach (var part in split)
        {
            var read = await Build(db, query, grains.Of(part.Grain), part.From, part.To).ToListAsync(cancellationToken);
            parts.AddRange(part.Less ? read.Select(r => r.Negated()) : read);
        }
        if (query.GroupBy.Contains(SpendDimension.Month))
        {
            foreach (var p in parts) p.Key = MonthKey(p.Key);
        }
        // One part's rows are already one per key; several parts (months and edge days) are merged. A key met only in
        // days taken away sums to nothing and is not a row.
        var rows = split.Count == 1 && !query.GroupBy.Contains(SpendDimension.Month)
            ? parts.Select(p => new SpendRow(p.Key, p.Cost, p.Input, p.Cached, p.Output, p.Requests, p.Billed))
            : parts.GroupBy(p => p.Key)
                .Select(g => new SpendRow(g.Key, g.Sum(p => p.Cost), g.Sum(p => p.Input), g.Sum(p => p.Cached), g.Sum(p => p.Output), g.Sum(p => p.Requests), g.Sum(p => p.Billed)))
                .Where(r => !split.Any(p => p.Less) || r is not { CostMicros: 0, InputTokens: 0, CachedInputTokens: 0, OutputTokens: 0, Requests: 0, BilledMicros: 0 });
        return rows.OrderByDescending(r => r.CostMicros).ToList();
    }

    /// <summary>
    /// Cost only, per day (or month) and one dimension: the chart's series. Summing one column lets SQLite answer
    /// from the covering (grain, date, dimension, cost) indexes without touching the table.
    /// </summary>
    public async Task<IReadOnlyList<(SpendKey Key, long CostMicros)>> CostSeriesAsync(SpendQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var parts = new List<(SpendKey Key, long Cost)>();
        var grains = Grains(query);
        var split = Split(query, await LastMonthIsWholeAsync(db, query, cancellationToken)).ToList();
        foreach (var part in split)
        {
            var rows = await Source(db, query, grains.Of(part.Grain), part.From, part.To).GroupBy(KeySelector(query.GroupBy))
                .Select(g => new { g.Key, Cost = g.Sum(r => r.CostMicros) }).ToListAsync(cancellationToken);
            parts.AddRange(rows.Select(r => (query.GroupBy.Contains(SpendDimension.Month) ? MonthKey(r.Key) : r.Key, part.Less ? -r.Cost : r.Cost)));
        }
        return parts.GroupBy(p => p.Key).Select(g => (g.Key, g.Sum(p => p.Cost)))
            .Where(r => !split.Any(p => p.Less) || r.Item2 != 0).ToList();
    }

    // Edge days read from the day grain belong to their month's bucket.
    private static SpendKey MonthKey(SpendKey key) => key.Day is { } d && d.Day != 1 ? key with { Day = new DateOnly(d.Year, d.Month, 1) } : key;

    /// <summary>Total cost in the range (micros), with the same filters and scope.</summary>
    public async Task<long> TotalAsync(SpendQuery query, CancellationToken cancellationToken) =>
        (await QueryAsync(query with { GroupBy = [] }, cancellationToken)).Sum(r => r.CostMicros);

    /// <summary>
    /// Whole months from the month grain, edges (or everything, when grouping by day) from the day grain. When
    /// <paramref name="lastMonthIsWhole"/>, the range holds all of its last month there is, so that month is read whole too.
    /// An edge that holds most of its month is read as the month less the days outside the range, so that no edge
    /// reads more than half a month of days (decision 023).
    /// </summary>
    internal static IEnumerable<SpendPart> Split(SpendQuery query, bool lastMonthIsWhole)
    {
        if (query.GroupBy.Contains(SpendDimension.Day))
        {
            yield return new SpendPart(RollupGrain.Day, query.From, query.To);
            yield break;
        }
        var firstWhole = query.From.Day == 1 ? query.From : new DateOnly(query.From.Year, query.From.Month, 1).AddMonths(1);
        var lastWholeEnd = query.To.AddDays(1).Day == 1 || lastMonthIsWhole
            ? query.To
            : new DateOnly(query.To.Year, query.To.Month, 1).AddDays(-1);
        if (firstWhole > lastWholeEnd)
        {
            yield return new SpendPart(RollupGrain.Day, query.From, query.To);
            yield break;
        }
        if (query.From < firstWhole) foreach (var part in Edge(query.From, firstWhole.AddDays(-1))) yield return part;
        yield return new SpendPart(RollupGrain.Month, firstWhole, new DateOnly(lastWholeEnd.Year, lastWholeEnd.Month, 1));
        if (lastWholeEnd < query.To) foreach (var part in Edge(lastWholeEnd.AddDays(1), query.To)) yield return part;
    }

    // The start or the end of one month: its days, or the month less the days outside when those are fewer.
    private static IEnumerable<SpendPart> Edge(DateOnly from, DateOnly to)
    {
        var monthStart = new DateOnly(from.Year, from.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var inside = to.DayNumber - from.DayNumber + 1;
        if (monthEnd.Day - inside >= inside)
        {
            yield return new SpendPart(RollupGrain.Day, from, to);
            yield break;
        }
        yield return new SpendPart(RollupGrain.Month, monthStart, monthStart);
        if (from > monthStart) yield return new SpendPart(RollupGrain.Day, monthStart, from.AddDays(-1), Less: true);
        if (to < monthEnd) yield return new SpendPart(RollupGrain.Day, to.AddDays(1), monthEnd, Less: true);
    }

    /// <summary>
    /// A range that reaches today holds all of its month there is, unless spend is dated after its end (a clock
    /// ahead, or a question asked as of an earlier day): then the month's last days are read from days.
    /// </summary>
    private async Task<bool> LastMonthIsWholeAsync(DashboardDbContext db, SpendQuery query, CancellationToken cancellationToken)
    {
        if (query.To < DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) return false;
        var monthEnd = new DateOnly(query.To.Year, query.To.Month, 1).AddMonths(1).AddDays(-1);
        return query.To == monthEnd
            || !await db.Rollups.AnyAsync(r => r.Grain == RollupGrain.Day && r.Date > query.To && r.Date <= monthEnd, cancellationToken);
    }

    /// <summary>
    /// The leanest grains that keep every dimension the query groups by, filters on or is scoped by (connection,
    /// kind and basis are in all of them). Models are preferred to units: an organization has far fewer.
    /// </summary>
    internal static RollupGrains Grains(SpendQuery query)
    {
        var needed = query.GroupBy.Where(d => d is not (SpendDimension.Day or SpendDimension.Month or SpendDimension.Connection)).ToHashSet();
        var f = query.Filter;
        if (f.Providers.Count > 0) needed.Add(SpendDimension.Provider);
        if (f.Models.Count > 0) needed.Add(SpendDimension.Model);
        if (f.Projects.Count > 0) needed.Add(SpendDimension.Project);
        if (f.OrgUnitIds.Count > 0 || f.Unallocated || !query.Scope.IsAll) needed.Add(SpendDimension.OrgUnit);
        if (needed.IsSubsetOf([SpendDimension.Provider, SpendDimension.Model])) return RollupGrains.Models;
        if (needed.IsSubsetOf([SpendDimension.OrgUnit])) return RollupGrains.Units;
        return RollupGrains.Full;
    }

    /// <summary>Rollups of one grain in a range with the query's filters and scope, for pages that aggregate themselves.</summary>
    internal static IQueryable<SpendRollup> Source(DashboardDbContext db, SpendQuery query, RollupGrain grain, DateOnly from, DateOnly to)
    {
        var excluded = query.Basis == SpendBasis.Booked ? RollupBasis.UsageOnly : RollupBasis.BookedOnly;
        var q = db.Rollups.AsNoTracking().Where(r => r.Grain == grain && r.Date >= from && r.Date <= to && r.Basis != excluded);
        if (query.BilledOnly) q = q.Where(r => r.Kind == CostKind.Billed);
        var f = query.Filter;
        if (f.Providers.Count > 0) { var providers = f.Providers.ToArray(); q = q.Where(r => providers.Contains(r.Provider)); }
        if (f.Models.Count > 0) { var models = f.Models.ToArray(); q = q.Where(r => models.Contains(r.Model)); }
        if (f.Projects.Count > 0) { var projects = f.Projects.ToArray(); q = q.Where(r => projects.Contains(r.ProjectId)); }
        if (f.ConnectionIds.Count > 0) { var connections = f.ConnectionIds.ToArray(); q = q.Where(r => connections.Contains(r.ConnectionId)); }
        if (f.OrgUnitIds.Count > 0 && f.Unallocated)
        {
            var units = f.OrgUnitIds.ToArray();
            q = q.Where(r => r.OrgUnitId == null || units.Contains(r.OrgUnitId.Value));
        }
        else if (f.OrgUnitIds.Count > 0)
        {
            var units = f.OrgUnitIds.ToArray();
            q = q.Where(r => r.OrgUnitId != null && units.Contains(r.OrgUnitId.Value));
        }
        else if (f.Unallocated)
        {
            q = q.Where(r => r.OrgUnitId == null);
        }
        if (!query.Scope.IsAll)
        {
            var visible = query.Scope.OrgUnitIds!.ToArray();
            q = q.Where(r => r.OrgUnitId != null && visible.Contains(r.OrgUnitId.Value));
        }
        return q;
    }

    /// <summary>
    /// Day rollups for pages that aggregate themselves, from the leanest day grain that keeps <paramref name="dimensions"/>
    /// (what the caller groups by) besides the query's filters and scope.
    /// </summary>
    internal static IQueryable<SpendRollup> Days(DashboardDbContext db, SpendQuery query, DateOnly from, DateOnly to, params SpendDimension[] dimensions)
    {
        var asked = query with { GroupBy = dimensions };
        return Source(db, asked, Grains(asked).Days, from, to);
    }

    /// <summary>One part of the query, exposed so that a test can check that it translates for SQL Server.</summary>
    internal static IQueryable<Aggregate> Build(DashboardDbContext db, SpendQuery query, RollupGrain grain, DateOnly from, DateOnly to)
    {
        var source = Source(db, query, grain, from, to);
        if (query.GroupBy.Count == 0)
        {
            return source.GroupBy(r => 1).Select(g => new Aggregate
            {
                Key = new SpendKey(),
                Cost = g.Sum(r => r.CostMicros),
                Billed = g.Sum(r => r.Kind == CostKind.Billed ? r.CostMicros : 0),
                Input = g.Sum(r => r.InputTokens),
                Cached = g.Sum(r => r.CachedInputTokens),
                Output = g.Sum(r => r.OutputTokens),
                Requests = g.Sum(r => r.Requests),
            });
        }
        return source.GroupBy(KeySelector(query.GroupBy))
            .Select(g => new Aggregate
            {
                Key = g.Key,
                Cost = g.Sum(r => r.CostMicros),
                Billed = g.Sum(r => r.Kind == CostKind.Billed ? r.CostMicros : 0),
                Input = g.Sum(r => r.InputTokens),
                Cached = g.Sum(r => r.CachedInputTokens),
                Output = g.Sum(r => r.OutputTokens),
                Requests = g.Sum(r => r.Requests),
            });
    }

    internal static IQueryable<Aggregate> Build(DashboardDbContext db, SpendQuery query) =>
        Build(db, query, Grains(query).Of(query.GroupBy.Contains(SpendDimension.Day) ? RollupGrain.Day : RollupGrain.Month), query.From, query.To);

    // Builds r => new SpendKey { Provider = r.Provider, … } with only the requested members bound,
    // so that GROUP BY lists real columns (SQL Server refuses parameters there).
    private static Expression<Func<SpendRollup, SpendKey>> KeySelector(IReadOnlyList<SpendDimension> dimensions)
    {
        var r = Expression.Parameter(typeof(SpendRollup), "r");
        var bindings = new List<MemberBinding>();
        foreach (var d in dimensions.Distinct())
        {
            var (target, source) = d switch
            {
                SpendDimension.Provider => (nameof(SpendKey.Provider), nameof(SpendRollup.Provider)),
                SpendDimension.Model => (nameof(SpendKey.Model), nameof(SpendRollup.Model)),
                SpendDimension.OrgUnit => (nameof(SpendKey.OrgUnitId), nameof(SpendRollup.OrgUnitId)),
                SpendDimension.Project => (nameof(SpendKey.Project), nameof(SpendRollup.ProjectId)),
                SpendDimension.Connection => (nameof(SpendKey.ConnectionId), nameof(SpendRollup.ConnectionId)),
                SpendDimension.Day or SpendDimension.Month => (nameof(SpendKey.Day), nameof(SpendRollup.Date)),
                _ => throw new ArgumentOutOfRangeException(nameof(dimensions), d, null),
            };
            var member = typeof(SpendKey).GetProperty(target)!;
            Expression value = Expression.Property(r, source);
            if (value.Type != member.PropertyType) value = Expression.Convert(value, member.PropertyType);
            bindings.Add(Expression.Bind(member, value));
        }
        return Expression.Lambda<Func<SpendRollup, SpendKey>>(Expression.MemberInit(Expression.New(typeof(SpendKey)), bindings), r);
    }

    internal sealed class Aggregate
    {
        public Aggregate Negated() => new() { Key = Key, Cost = -Cost, Billed = -Billed, Input = -Input, Cached = -Cached, Output = -Output, Requests = -Requests };

        public SpendKey Key { get; set; } = new();
        public long Cost { get; set; }
        public long Billed { get; set; }
        public long Input { get; set; }
        public long Cached { get; set; }
        public long Output { get; set; }
        public long Requests { get; set; }
    }
}
