using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Overview;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.OrgUnits;

/// <summary>Reads for an org unit's page: everything is the unit's whole subtree, within the person's scope.</summary>
public sealed class OrgUnitQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    public const int TrendDays = 90;
    public const int OutcomeDays = 30;
    public const int ChartedOutcomes = 5;
    public const int ListedOutcomes = 100;

    /// <summary>The visible part of the tree, depth-first, with each unit's month-to-date spend (its whole subtree).</summary>
    public async Task<IReadOnlyList<(OrgUnit Unit, int Depth, long MonthToDateMicros)>> DirectoryAsync(SpendScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var month = Period.Containing(PeriodKind.Monthly, today);
        var query = new SpendQuery(month.Start, today, []) { Scope = scope };
        var byUnit = (await SpendQueries.Days(db, query, month.Start, today, SpendDimension.OrgUnit).Where(r => r.OrgUnitId != null)
                .GroupBy(r => r.OrgUnitId).Select(g => new { Id = g.Key!.Value, Cost = g.Sum(r => r.CostMicros) }).ToListAsync(cancellationToken))
            .ToDictionary(x => x.Id, x => x.Cost);
        return Visible(tree, scope).Select(u => (u.Unit, u.Depth, tree.Subtree(u.Unit.Id).Sum(id => byUnit.GetValueOrDefault(id)))).ToList();
    }

    /// <summary>The visible units, depth-first, without figures: for pickers.</summary>
    public async Task<IReadOnlyList<(OrgUnit Unit, int Depth)>> VisibleUnitsAsync(SpendScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        return Visible(tree, scope);
    }

    // Depth-first; a unit hidden from the person does not indent the units below it that they may see.
    private static List<(OrgUnit Unit, int Depth)> Visible(OrgTree tree, SpendScope scope)
    {
        var result = new List<(OrgUnit, int)>();
        void Visit(OrgUnit unit, int depth)
        {
            var visible = scope.CanSee(unit.Id);
            if (visible) result.Add((unit, depth));
            foreach (var child in tree.Children(unit.Id)) Visit(child, visible ? depth + 1 : depth);
        }
        foreach (var root in tree.Roots) Visit(root, 0);
        return result;
    }

    /// <summary>Null when the code is unknown or outside the person's scope (the page says so).</summary>
    public async Task<OrgUnitModel?> LoadAsync(string code, SpendScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var unit = tree.FindByCode(code);
        if (unit is null || !scope.CanSee(unit.Id)) return null;

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var month = Period.Containing(PeriodKind.Monthly, today);
        var lastMonth = month.Previous();
        var trendFrom = today.AddDays(-(TrendDays - 1));
        var query = new SpendQuery(trendFrom, today, []) { Scope = scope, Filter = new SpendFilter { OrgUnitIds = tree.Subtree(unit.Id).ToList() } };
        IQueryable<SpendRollup> Days(DateOnly from, DateOnly to, params SpendDimension[] dims) => SpendQueries.Days(db, query, from, to, dims);

        var dailyFrom = trendFrom < lastMonth.Start ? trendFrom : lastMonth.Start;
        var daily = (await Days(dailyFrom, today).GroupBy(r => r.Date).Select(g => new { Date = g.Key, Cost = g.Sum(r => r.CostMicros) }).ToListAsync(cancellationToken))
            .ToDictionary(d => d.Date, d => d.Cost);
        long Sum(DateOnly from, DateOnly to) => daily.Where(d => d.Key >= from && d.Key <= to).Sum(d => d.Value);
        var mtd = Sum(month.Start, today);
        var estimated = await Days(month.Start, today).Where(r => r.Kind == CostKind.UsageEstimated).SumAsync(r => r.CostMicros, cancellationToken);

        var byUnit = await Days(month.Start, today, SpendDimension.OrgUnit).Where(r => r.OrgUnitId != null).GroupBy(r => r.OrgUnitId)
            .Select(g => new { OrgUnitId = g.Key!.Value, Cost = g.Sum(r => r.CostMicros) }).ToListAsync(cancellationToken);
        var children = tree.Children(unit.Id).Where(c => scope.CanSee(c.Id)).Select(c =>
        {
            var subtree = tree.Subtree(c.Id);
            var cost = byUnit.Where(u => subtree.Contains(u.OrgUnitId)).Sum(u => u.Cost);
            return new ChildSpend(c, cost, mtd == 0 ? 0 : (decimal)cost / mtd);
        }).OrderByDescending(c => c.MonthToDateMicros).ToList();

        var models = await Days(month.Start, today, SpendDimension.Model, SpendDimension.Provider).GroupBy(r => new { r.Model, r.Provider })
            .Select(g => new { g.Key.Model, g.Key.Provider, Cost = g.Sum(r => r.CostMicros), Tokens = g.Sum(r => r.InputTokens + r.OutputTokens) })
            .OrderByDescending(x => x.Cost).Take(OverviewQueries.TopN).ToListAsync(cancellationToken);
        var projects = await Days(month.Start, today, SpendDimension.Project).GroupBy(r => r.ProjectId)
            .Select(g => new { ProjectId = g.Key, Cost = g.Sum(r => r.CostMicros), Tokens = g.Sum(r => r.InputTokens + r.OutputTokens) })
            .OrderByDescending(x => x.Cost).Take(OverviewQueries.TopN).ToListAsync(cancellationToken);
        var projectNames = await OverviewQueries.ProjectNamesAsync(db, cancellationToken);
        decimal Share(long cost) => mtd == 0 ? 0 : (decimal)cost / mtd;

        var owners = await db.OrgUnitMembers.AsNoTracking().Where(m => m.OrgUnitId == unit.Id && m.IsOwner).Select(m => m.UserEmail).ToListAsync(cancellationToken);
        var trendDays = Enumerable.Range(0, TrendDays).Select(i => trendFrom.AddDays(i)).ToList();

        // Bounded whatever a unit holds: the top metrics (by this month's count) charted, the next ones listed.
        var completeDays = month.CompleteDays(today);
        var outcomeFrom = today.AddDays(-(OutcomeDays - 1));
        var countsFrom = month.Start < outcomeFrom ? month.Start : outcomeFrom;
        var metrics = await db.OutcomeMetrics.AsNoTracking().Where(m => m.OrgUnitId == unit.Id).ToListAsync(cancellationToken);
        var metricIds = metrics.Select(m => m.Id).ToList();
        var monthCounts = await db.OutcomeCounts.AsNoTracking()
            .Where(c => metricIds.Contains(c.MetricId) && c.Date >= month.Start && c.Date <= today)
            .GroupBy(c => c.MetricId).Select(g => new { g.Key, Count = g.Sum(c => c.Count) })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var ranked = metrics.OrderByDescending(m => monthCounts.GetValueOrDefault(m.Id)).ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var charted = ranked.Take(ChartedOutcomes).ToList();
        var chartedIds = charted.Select(m => m.Id).ToList();
        var dailyCounts = (await db.OutcomeCounts.AsNoTracking()
                .Where(c => chartedIds.Contains(c.MetricId) && c.Date >= countsFrom && c.Date <= today).ToListAsync(cancellationToken))
            .ToLookup(c => c.MetricId);
        var days = Enumerable.Range(0, OutcomeDays).Select(i => outcomeFrom.AddDays(i)).ToList();
        var outcomes = charted.Select(metric =>
        {
            var counts = dailyCounts[metric.Id].ToDictionary(c => c.Date, c => c.Count);
            return new OutcomeSeries(metric, days,
                days.Select(d => counts.GetValueOrDefault(d)).ToList(),
                days.Select(d => daily.GetValueOrDefault(d)).ToList(),
                monthCounts.GetValueOrDefault(metric.Id),
                mtd);
        }).ToList();
        var others = ranked.Skip(ChartedOutcomes).Take(ListedOutcomes).Select(m => new OutcomeTotal(m, monthCounts.GetValueOrDefault(m.Id))).ToList();

        return new OrgUnitModel(unit, tree.Path(unit.Id), owners, today, mtd, Sum(lastMonth.Start, lastMonth.End),
            completeDays == 0 ? 0 : Sum(lastMonth.Start, lastMonth.ThroughDay(completeDays)),
            Forecast.For(month, today, daily),
            trendDays, trendDays.Select(d => daily.GetValueOrDefault(d)).ToList(),
            children,
            models.Select(m => new RankedSpend(m.Model, m.Provider.ToString(), m.Cost, m.Tokens, Share(m.Cost))).ToList(),
            projects.Select(p => new RankedSpend(projectNames.GetValueOrDefault(p.ProjectId, string.IsNullOrEmpty(p.ProjectId) ? "(no project)" : p.ProjectId), p.ProjectId, p.Cost, p.Tokens, Share(p.Cost))).ToList(),
            outcomes, others, metrics.Count,
            completeDays == 0 ? 0 : Sum(month.Start, month.ThroughDay(completeDays)), completeDays, estimated);
    }
}
