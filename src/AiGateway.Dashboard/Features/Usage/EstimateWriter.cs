using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Usage;

/// <summary>
/// Turns the hourly gateway buckets of some days into the gateway connection's daily estimate rows, inside the caller's
/// transaction: per provider, day and project, <b>billed rows are the truth once they exist</b> — an estimate keeps its
/// tokens but counts $0 there — and estimates count only where billing has not arrived (for an event without a project:
/// where the provider has billed nothing that day). Days of closed months are left as closed. Rollups are rebuilt.
/// </summary>
public static class EstimateWriter
{
    public const string ConnectionName = "Gateway usage (live estimates)";
    public const string LineItem = "gateway estimate";

    /// <summary>The gateway connection's id, created on first use (disabled and read-only: it is never synced).</summary>
    public static async Task<int> ConnectionIdAsync(DashboardDbContext db, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var id = await db.Connections.Where(c => c.Kind == ProviderKind.Gateway).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is { } existing) return existing;
        var connection = new ProviderConnection
        {
            Kind = ProviderKind.Gateway, Name = ConnectionName, Enabled = false, ManagedByConfiguration = true, CreatedUtc = nowUtc, BackfillDays = 40, OverlapDays = 0,
        };
        db.Connections.Add(connection);
        await db.SaveChangesAsync(cancellationToken);
        return connection.Id;
    }

    public static async Task RefreshAsync(DashboardDbContext db, System.Data.Common.DbTransaction tx, int gatewayId, DateWindow window, CancellationToken cancellationToken)
    {
        // On a server database the write gate does not serialize writers (several nodes, and the estimate refresher beside a
        // re-cost or a sync in one process): each rewrite of the gateway's estimates waits for the one before it to commit,
        // then deletes what it committed. Without this, two rewrites of one day both inserted and one failed on the unique key.
        if (!db.Database.IsSqlite()) await DatabaseLocks.TakeAsync(db, DatabaseLocks.Estimates, gatewayId, cancellationToken);
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        foreach (var part in closed.Open(window))
        {
            var (from, to) = part.Utc;
            var hours = await db.UsageHours.AsNoTracking().Where(h => h.HourUtc >= from && h.HourUtc < to).ToListAsync(cancellationToken);
            // Facts only: a prior-period adjustment booked on a day does not mean that day has been billed.
            var billed = await db.CostRecords.AsNoTracking()
                .Where(r => r.Kind == CostKind.Billed && r.RestatedDate == null && r.ConnectionId != gatewayId && r.UsageDate >= part.From && r.UsageDate <= part.To)
                .Select(r => new { r.Provider, r.UsageDate, r.ProjectId }).Distinct().ToListAsync(cancellationToken);
            var coverage = new BilledCoverage(billed.Select(b => (b.Provider, b.UsageDate, b.ProjectId)));
            var rows = hours.GroupBy(h => (h.Day, h.Provider, h.Model, h.ProjectId, h.ApiKeyId, h.OrgUnitId, h.ServiceTier)).Select(g =>
            {
                var k = g.Key;
                var superseded = coverage.Covers(k.Provider, k.Day, k.ProjectId);
                var row = new CostRecord
                {
                    ConnectionId = gatewayId, Provider = k.Provider, UsageDate = k.Day, ProjectId = k.ProjectId.Length > 0 ? k.ProjectId : null,
                    ApiKeyId = k.ApiKeyId.Length > 0 ? k.ApiKeyId : null, Model = k.Model, ServiceTier = k.ServiceTier, LineItem = LineItem, Kind = CostKind.UsageEstimated,
                    InputTokens = g.Sum(h => h.InputTokens), CachedInputTokens = g.Sum(h => h.CachedInputTokens), CacheWriteTokens = g.Sum(h => h.CacheWriteTokens),
                    OutputTokens = g.Sum(h => h.OutputTokens), Requests = g.Sum(h => h.Requests), CostMicros = superseded ? 0 : g.Sum(h => h.CostMicros),
                    OrgUnitId = k.OrgUnitId, Currency = ReportingCurrency.Code,
                };
                row.NaturalKey = $"gw|{(int)k.Provider}|{k.Model}|{k.ProjectId}|{k.ApiKeyId}|{k.OrgUnitId}|{k.ServiceTier}";
                if (row.NaturalKey.Length > 400) row.ComputeNaturalKey();
                return row;
            }).ToList();
            await db.CostRecords.Where(r => r.ConnectionId == gatewayId && r.RestatedDate == null && r.UsageDate >= part.From && r.UsageDate <= part.To)
                .ExecuteDeleteAsync(cancellationToken);
            await CostRecordWriter.InsertAsync(db.Database.GetDbConnection(), tx, rows, cancellationToken);
            await RollupBuilder.RebuildAsync(db, gatewayId, part, cancellationToken);
        }
    }
}
