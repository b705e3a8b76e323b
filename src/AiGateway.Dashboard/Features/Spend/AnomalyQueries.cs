using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>
/// Anomalies of the recent days, per org unit (every level of the tree) and per model, within a person's scope.
/// When a unit and one of its descendants are flagged on the same day, only the most specific unit is listed.
/// </summary>
public sealed class AnomalyQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    public Task<IReadOnlyList<SpendAnomaly>> RecentAsync(SpendScope scope, int days, CancellationToken cancellationToken, int? withinUnit = null)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return InWindowAsync(scope, today.AddDays(-(days - 1)), today, cancellationToken, withinUnit);
    }

    /// <summary>Anomalies on the days from <paramref name="from"/> to <paramref name="today"/> (inclusive), each against its own trailing baseline.</summary>
    public async Task<IReadOnlyList<SpendAnomaly>> InWindowAsync(SpendScope scope, DateOnly from, DateOnly today, CancellationToken cancellationToken, int? withinUnit = null)
    {
        var historyFrom = from.AddDays(-AnomalyDetector.TrailingDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var query = new SpendQuery(historyFrom, today, []) { Scope = scope };
        if (withinUnit is { } unitId) query = query with { Filter = new SpendFilter { OrgUnitIds = tree.Subtree(unitId).ToList() } };
        var byUnit = await SpendQueries.Days(db, query, historyFrom, today, SpendDimension.OrgUnit).Where(r => r.OrgUnitId != null)
            .GroupBy(r => new { r.Date, r.OrgUnitId })
            .Select(g => new { g.Key.Date, g.Key.OrgUnitId, Cost = g.Sum(r => r.CostMicros) })
            .ToListAsync(cancellationToken);
        var byModel = await SpendQueries.Days(db, query, historyFrom, today, SpendDimension.Model)
            .GroupBy(r => new { r.Date, r.Model })
            .Select(g => new { g.Key.Date, g.Key.Model, Cost = g.Sum(r => r.CostMicros) })
            .ToListAsync(cancellationToken);

        // A unit's series includes everything below it.
        var within = withinUnit is { } w ? tree.Subtree(w) : null;
        var unitSeries = new Dictionary<int, Dictionary<DateOnly, long>>();
        foreach (var row in byUnit)
        {
            foreach (var id in tree.Ancestors(row.OrgUnitId!.Value).Select(u => u.Id).Prepend(row.OrgUnitId.Value))
            {
                if (!scope.CanSee(id) || (within is not null && !within.Contains(id))) continue;
                var series = unitSeries.TryGetValue(id, out var s) ? s : unitSeries[id] = [];
                series[row.Date] = series.GetValueOrDefault(row.Date) + row.Cost;
            }
        }
        var unitFlags = unitSeries.SelectMany(kv => AnomalyDetector.Detect(kv.Value, from, today)
            .Select(a => (UnitId: kv.Key, Anomaly: a))).ToList();
        var specific = unitFlags.Where(f => !unitFlags.Any(o => o.Anomaly.Date == f.Anomaly.Date && o.UnitId != f.UnitId && tree.Ancestors(o.UnitId).Any(a => a.Id == f.UnitId)));

        var result = specific.Select(f => new SpendAnomaly(f.Anomaly, "Org unit", tree.Path(f.UnitId), tree.Find(f.UnitId)?.Code, null)).ToList();
        foreach (var model in byModel.GroupBy(r => r.Model))
        {
            var series = model.GroupBy(r => r.Date).ToDictionary(g => g.Key, g => g.Sum(r => r.Cost));
            result.AddRange(AnomalyDetector.Detect(series, from, today).Select(a => new SpendAnomaly(a, "Model", model.Key, null, model.Key)));
        }
        return result.OrderByDescending(a => a.Anomaly.Date).ThenByDescending(a => a.Anomaly.AboveNormalMicros).ToList();
    }
}

public sealed record SpendAnomaly(Anomaly Anomaly, string SubjectKind, string Subject, string? OrgUnitCode, string? Model);
