using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Connections;

/// <summary>Reads for the Connections page: never the encrypted secret, only its hint.</summary>
public sealed class ConnectionsQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Connections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new ConnectionSummary(c.Id, c.Name, c.Kind, c.BaseUrl, c.SecretHint, c.Schedule, c.BackfillDays, c.OverlapDays, c.Enabled, c.ManagedByConfiguration, c.OrganizationId, c.Settings))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The newest runs, of one connection or of all.</summary>
    public async Task<IReadOnlyList<SyncRun>> RecentRunsAsync(int take, CancellationToken cancellationToken, int? connectionId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SyncRuns.AsNoTracking()
            .Where(r => connectionId == null || r.ConnectionId == connectionId)
            .OrderByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<Dictionary<int, SyncRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = await db.SyncRuns.AsNoTracking()
            .GroupBy(r => r.ConnectionId)
            .Select(g => g.OrderByDescending(r => r.Id).First())
            .ToListAsync(cancellationToken);
        return runs.ToDictionary(r => r.ConnectionId);
    }
}

public sealed record ConnectionSummary(int Id, string Name, ProviderKind Kind, string? BaseUrl, string? SecretHint, string Schedule, int BackfillDays, int OverlapDays, bool Enabled, bool ManagedByConfiguration, string? OrganizationId = null, string? Settings = null);
