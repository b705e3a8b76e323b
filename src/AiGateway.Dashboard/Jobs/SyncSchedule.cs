using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Jobs;

/// <summary>One recurring job per enabled connection (<c>sync:{id}</c>), on the connection's cron, and the app's own jobs.</summary>
public sealed class SyncSchedule(IDbContextFactory<DashboardDbContext> dbFactory, IRecurringJobManager jobs,
    Microsoft.Extensions.Options.IOptions<Configuration.ReportsOptions> reports, Microsoft.Extensions.Options.IOptions<Configuration.FxOptions> fx)
{
    /// <summary>
    /// Crons in UTC. A job whose times passed while every worker was down runs once when one comes back, not once per missed
    /// time (Relaxed): a sync re-pulls its whole window anyway, and the monthly pack is filed once.
    /// </summary>
    private static readonly RecurringJobOptions Options = new() { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed };

    public async Task RegisterAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var connection in await db.Connections.AsNoTracking().ToListAsync(cancellationToken))
        {
            Register(connection);
        }
        jobs.AddOrUpdate<BudgetEvaluationJob>(JobIds.EvaluateBudgets, j => j.RunAsync(CancellationToken.None), Cron.Minutely(), Options);
        jobs.AddOrUpdate<ApprovalsMaintenanceJob>(JobIds.MaintainApprovals, j => j.RunAsync(CancellationToken.None), Cron.Minutely(), Options);
        jobs.AddOrUpdate<InterruptedRunsJob>(JobIds.InterruptedRuns, j => j.RunAsync(CancellationToken.None), Cron.Minutely(), Options);
        jobs.AddOrUpdate<UsageRetentionJob>(JobIds.UsageRetention, j => j.RunAsync(CancellationToken.None), Cron.Minutely(), Options);
        jobs.AddOrUpdate<FxRatesJob>(JobIds.FxRates, j => j.RunAsync(CancellationToken.None), fx.Value.Schedule, Options);
        jobs.AddOrUpdate<MonthlyReportJob>(JobIds.MonthlyReport, j => j.RunAsync(CancellationToken.None), reports.Value.Schedule, Options);
    }

    public void Register(ProviderConnection connection)
    {
        if (connection.Enabled)
        {
            jobs.AddOrUpdate<SyncJob>(JobIds.Sync(connection.Id),
                j => j.RunAsync(connection.Id, SyncTrigger.Schedule, CancellationToken.None),
                connection.Schedule, Options);
        }
        else
        {
            jobs.RemoveIfExists(JobIds.Sync(connection.Id));
        }
    }

    public void Remove(int connectionId) => jobs.RemoveIfExists(JobIds.Sync(connectionId));
}
