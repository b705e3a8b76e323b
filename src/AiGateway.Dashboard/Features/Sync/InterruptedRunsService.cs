using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Sync;

/// <summary>
/// Sync runs left "Running" by a stop or a crash are marked failed, on every database: on SQLite (one process owns
/// the file) every running run at start; on a shared database a started run whose worker stopped beating for
/// <c>Jobs:HeartbeatTimeout</c> (a killed worker), and a run still waiting for a worker after
/// <c>Jobs:InterruptedRunAfter</c> — another node may still be working on any other.
/// </summary>
public sealed class InterruptedRunsService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    IOptions<JobsOptions> jobs,
    TimeProvider clock,
    ILogger<InterruptedRunsService> log)
{
    public const string Reason = "Interrupted: the app stopped before this run finished. The next run re-pulls the window.";

    /// <summary>Marks the interrupted runs failed; <paramref name="atStart"/> on a database only this process uses means all of them.</summary>
    public async Task<int> FailInterruptedAsync(bool atStart, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var everyRunning = atStart && db.Database.IsSqlite();
        var startedBefore = everyRunning ? DateTime.MaxValue : now - jobs.Value.InterruptedRunAfter;
        var silentSince = everyRunning ? DateTime.MaxValue : now - jobs.Value.HeartbeatTimeout;
        var interrupted = await Interrupted(db, startedBefore, silentSince)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, SyncRunStatus.Failed)
                .SetProperty(r => r.FinishedUtc, now)
                .SetProperty(r => r.Error, Reason), cancellationToken);
        if (interrupted > 0) log.LogWarning("{Count} sync run(s) were interrupted by a stop or a crash and are marked failed", interrupted);
        return interrupted;
    }

    internal static IQueryable<SyncRun> Interrupted(DashboardDbContext db, DateTime startedBefore, DateTime silentSince) =>
        db.SyncRuns.Where(r => r.Status == SyncRunStatus.Running
                               && (r.HeartbeatUtc == null ? r.StartedUtc < startedBefore : r.HeartbeatUtc < silentSince));
}
