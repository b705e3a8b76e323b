using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Overview;

/// <summary>Reads for the Overview page, from daily rollups.</summary>
public sealed class OverviewQueries(IDbContextFactory<DashboardDbContext> dbFactory, SpendQueries spend, Connections.ConnectionsQueries connectionQueries, TimeProvider time)
{
    public const int ChartDays = 30;
    public const int TopN = 5;

    public async Task<OverviewModel> LoadAsync(SpendScope scope, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var month = Period.Containing(PeriodKind.Monthly, today);
        var lastMonth = month.Previous();
        var completeDays = month.CompleteDays(today);
        var chartFrom = today.AddDays(-(ChartDays - 1));

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scoped = new SpendQuery(today, today, []) { Scope = scope };
        IQueryable<SpendRollup> Days(DateOnly from, DateOnly to, params SpendDimension[] dims) => SpendQueries.Days(db, scoped, from, to, dims);

        // Totals and top lists go through the spend engine, which reads whole months from the month grain.
        SpendQuery Range(DateOnly from, DateOnly to, params SpendDimension[] dims) => new(from, to, dims) { Scope = scope };
        var mtd = await spend.TotalAsync(Range(month.Start, today), cancellationToken);
        // Gateway estimates counted where the bill has not arrived yet: the live part of the month.
        var estimated = mtd - await spend.TotalAsync(Range(month.Start, today) with { BilledOnly = true }, cancellationToken);
        var unallocated = scope.IsAll
            ? await spend.TotalAsync(Range(month.Start, today) with { Filter = new SpendFilter { Unallocated = true } }, cancellationToken)
            : 0;
        var last = await spend.TotalAsync(Range(lastMonth.Start, lastMonth.End), cancellationToken);
        var lastSame = completeDays == 0 ? 0 : await Days(lastMonth.Start, lastMonth.ThroughDay(completeDays)).SumAsync(r => r.CostMicros, cancellationToken);

        var daily = await Days(chartFrom, today, SpendDimension.Provider)
            .GroupBy(r => new { r.Date, r.Provider, r.Kind })
            .Select(g => new { g.Key.Date, g.Key.Provider, g.Key.Kind, Cost = g.Sum(r => r.CostMicros) })
            .ToListAsync(cancellationToken);
        var estimates = daily.Where(d => d.Kind == CostKind.UsageEstimated).ToList();
        daily = daily.Where(d => d.Kind == CostKind.Billed).ToList();
        var days = Enumerable.Range(0, ChartDays).Select(i => chartFrom.AddDays(i)).ToList();
        // The complete days of the month: month to date less the running day (the chart's last bar).
        var mtdComplete = completeDays == 0 ? 0 : mtd - daily.Concat(estimates).Where(d => d.Date == today).Sum(d => d.Cost);
        var series = daily.GroupBy(d => d.Provider)
            .OrderByDescending(g => g.Sum(d => d.Cost))
            .Select(g => new ProviderSeries(g.Key, days.Select(day => g.Where(d => d.Date == day).Sum(d => d.Cost)).ToList()))
            .ToList();

        var models = (await spend.QueryAsync(Range(month.Start, today, SpendDimension.Model, SpendDimension.Provider), cancellationToken))
            .Take(TopN).Select(r => new { Model = r.Key.Model ?? "", Provider = r.Key.Provider!.Value, Cost = r.CostMicros, Tokens = r.InputTokens + r.OutputTokens }).ToList();
        var projects = (await spend.QueryAsync(Range(month.Start, today, SpendDimension.Project, SpendDimension.OrgUnit), cancellationToken))
            .Take(TopN).Select(r => new { ProjectId = r.Key.Project ?? "", r.Key.OrgUnitId, Cost = r.CostMicros, Tokens = r.InputTokens + r.OutputTokens }).ToList();
        var unitNames = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var projectNames = await ProjectNamesAsync(db, cancellationToken);

        var connections = await connectionQueries.ListAsync(cancellationToken);
        var lastRuns = await connectionQueries.LastRunsAsync(cancellationToken);

        decimal Share(long cost) => mtd == 0 ? 0 : (decimal)cost / mtd;
        return new OverviewModel(
            today, mtd, last, lastSame, unallocated, days, series,
            models.Select(m => new RankedSpend(m.Model, m.Provider.ToString(), m.Cost, m.Tokens, Share(m.Cost))).ToList(),
            projects.Select(p => new RankedSpend(
                p.OrgUnitId is { } id && unitNames.TryGetValue(id, out var name) ? name
                    : projectNames.GetValueOrDefault(p.ProjectId, string.IsNullOrEmpty(p.ProjectId) ? "(no project)" : p.ProjectId),
                p.OrgUnitId is null ? "Unallocated · " + p.ProjectId : p.ProjectId,
                p.Cost, p.Tokens, Share(p.Cost))).ToList(),
            connections.Select(c =>
            {
                var run = lastRuns.GetValueOrDefault(c.Id);
                return new ConnectionStatus(c.Id, c.Name, c.Kind, c.Enabled, run?.Status, run?.FinishedUtc ?? run?.StartedUtc, run?.RowsWritten, run?.Error);
            }).ToList(),
            mtdComplete, completeDays, estimated,
            estimates.Count == 0 ? null : days.Select(day => estimates.Where(d => d.Date == day).Sum(d => d.Cost)).ToList());
    }

    /// <summary>Provider project and workspace ids → the names people know them by.</summary>
    internal static async Task<Dictionary<string, string>> ProjectNamesAsync(DashboardDbContext db, CancellationToken cancellationToken) =>
        (await db.ProviderEntities.AsNoTracking()
            .Where(e => e.EntityType == ProviderEntity.Project || e.EntityType == ProviderEntity.Workspace)
            .Select(e => new { e.ExternalId, e.Name })
            .ToListAsync(cancellationToken))
        .GroupBy(e => e.ExternalId).ToDictionary(g => g.Key, g => g.First().Name);
}
