using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Reconciliation;

/// <summary>
/// The bill against the gateways' estimates, per provider, project and UTC day (the finest level, where each row gets its
/// class), then grouped as asked. Billed is what the providers' cost APIs reported for the day, adjustments included on
/// the day they correct; estimated is every gateway bucket at its price, whether or not the bill has replaced it in totals.
/// </summary>
public sealed class ReconciliationQueries(IDbContextFactory<DashboardDbContext> dbFactory, IOptions<ReconciliationOptions> options)
{
    public static readonly IReadOnlyList<ReconciliationDimension> DefaultGroupBy = [ReconciliationDimension.Provider, ReconciliationDimension.Project, ReconciliationDimension.Day];

    private sealed record Fine(ProviderKind Provider, string Project, string Model, DateOnly Day);

    public async Task<ReconciliationReport> QueryAsync(DateWindow window, IReadOnlyList<ReconciliationDimension> groupBy, SpendScope scope, CancellationToken cancellationToken)
    {
        var tolerance = options.Value.TolerancePercent;
        var byModel = groupBy.Contains(ReconciliationDimension.Model);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = scope.OrgUnitIds?.ToList();

        var billedRows = db.CostRecords.AsNoTracking()
            .Where(r => r.Kind == CostKind.Billed && (r.RestatedDate ?? r.UsageDate) >= window.From && (r.RestatedDate ?? r.UsageDate) <= window.To);
        if (ids is not null) billedRows = billedRows.Where(r => r.OrgUnitId != null && ids.Contains(r.OrgUnitId.Value));
        var billed = (await billedRows
                .GroupBy(r => new { r.Provider, r.ProjectId, Model = byModel ? r.Model : "", Day = r.RestatedDate ?? r.UsageDate })
                .Select(g => new { g.Key.Provider, g.Key.ProjectId, g.Key.Model, g.Key.Day, Cost = g.Sum(r => r.CostMicros) })
                .ToListAsync(cancellationToken))
            .GroupBy(b => new Fine(b.Provider, b.ProjectId ?? "", b.Model, b.Day)).ToDictionary(g => g.Key, g => g.Sum(b => b.Cost));

        var billedThrough = await BilledThroughAsync(db, window.From, cancellationToken);

        var (from, to) = window.Utc;
        var hours = db.UsageHours.AsNoTracking().Where(h => h.HourUtc >= from && h.HourUtc < to);
        if (ids is not null) hours = hours.Where(h => h.OrgUnitId != null && ids.Contains(h.OrgUnitId.Value));
        var usage = (await hours.Select(h => new { h.Provider, h.ProjectId, h.Model, h.HourUtc, h.CostMicros, h.Events, h.Unpriced, h.GatewayCostMicros, h.GatewayCostEvents })
                .ToListAsync(cancellationToken))
            .GroupBy(h => new Fine(h.Provider, h.ProjectId, byModel ? h.Model : "", DateOnly.FromDateTime(h.HourUtc)))
            .ToDictionary(g => g.Key, g => g.ToList());

        var fine = billed.Keys.Union(usage.Keys).Select(k =>
        {
            var pending = !billedThrough.TryGetValue(k.Provider, out var last) || k.Day > last;
            var hoursOf = usage.GetValueOrDefault(k) ?? [];
            long cost = hoursOf.Sum(h => h.CostMicros), events = hoursOf.Sum(h => h.Events);
            var figures = new ReconciliationFigures(
                billed.GetValueOrDefault(k), pending ? 0 : cost, pending ? cost : 0, events, pending ? events : 0,
                hoursOf.Where(h => h.Unpriced).Sum(h => h.Events), hoursOf.Sum(h => h.GatewayCostMicros), hoursOf.Sum(h => h.GatewayCostEvents));
            return (Key: k, Figures: figures);
        }).ToList();

        var byClass = fine.GroupBy(f => f.Figures.Class(tolerance)).ToDictionary(g => g.Key, g => g.Select(f => f.Figures).Aggregate(ReconciliationFigures.Zero, (a, b) => a + b));
        var rows = fine.GroupBy(f => (
                groupBy.Contains(ReconciliationDimension.Provider) ? f.Key.Provider : (ProviderKind?)null,
                groupBy.Contains(ReconciliationDimension.Project) ? f.Key.Project : null,
                byModel ? f.Key.Model : null,
                groupBy.Contains(ReconciliationDimension.Day) ? f.Key.Day : (DateOnly?)null))
            .Select(g =>
            {
                var figures = g.Select(f => f.Figures).Aggregate(ReconciliationFigures.Zero, (a, b) => a + b);
                return new ReconciliationRow(g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Key.Item4, figures, figures.Class(tolerance));
            })
            .OrderBy(r => r.Day).ThenBy(r => r.Provider).ThenByDescending(r => r.Figures.BilledMicros + r.Figures.EstimatedMicros + r.Figures.PendingMicros)
            .ThenBy(r => r.Project, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal).ToList();
        var totals = fine.Select(f => f.Figures).Aggregate(ReconciliationFigures.Zero, (a, b) => a + b);
        return new ReconciliationReport(window, groupBy, tolerance, rows, totals, byClass, billedThrough);
    }

    /// <summary>
    /// Each provider's last billed UTC day on or after <paramref name="since"/>. Facts only: a prior-period adjustment
    /// found on a day says nothing about whether that day has been billed.
    /// </summary>
    public static async Task<Dictionary<ProviderKind, DateOnly>> BilledThroughAsync(DashboardDbContext db, DateOnly since, CancellationToken cancellationToken) =>
        (await db.CostRecords.AsNoTracking().Where(r => r.Kind == CostKind.Billed && r.RestatedDate == null && r.UsageDate >= since)
            .GroupBy(r => r.Provider).Select(g => new { g.Key, Last = g.Max(r => r.UsageDate) }).ToListAsync(cancellationToken))
        .ToDictionary(x => x.Key, x => x.Last);

    /// <summary>Reads <c>groupBy=provider,project,day</c>; null (and the bad word) when a word is not a dimension.</summary>
    public static (IReadOnlyList<ReconciliationDimension>? Dimensions, string? Bad) ParseGroupBy(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (DefaultGroupBy, null);
        var dims = new List<ReconciliationDimension>();
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ReconciliationDimension>(word, ignoreCase: true, out var d) || int.TryParse(word, out _)) return (null, word);
            if (!dims.Contains(d)) dims.Add(d);
        }
        return (dims, null);
    }
}
