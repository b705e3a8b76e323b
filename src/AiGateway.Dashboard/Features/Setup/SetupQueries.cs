using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Setup;

/// <summary>What a new instance has already: the counts behind the Admins' setup checklist.</summary>
public sealed class SetupQueries(IDbContextFactory<DashboardDbContext> dbFactory, IOptionsMonitor<NotificationsOptions> notifications)
{
    public async Task<SetupChecklist> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var synced = await db.Connections.AsNoTracking()
            .CountAsync(c => c.Kind != ProviderKind.Gateway && db.SyncRuns.Any(r => r.ConnectionId == c.Id && r.Status == SyncRunStatus.Succeeded), cancellationToken);
        return SetupChecklist.From(synced, await db.OrgUnits.CountAsync(cancellationToken), await db.AllocationRules.CountAsync(cancellationToken),
            await db.Budgets.CountAsync(cancellationToken), notifications.CurrentValue.FinanceRecipients.Count(r => !string.IsNullOrWhiteSpace(r)));
    }
}
