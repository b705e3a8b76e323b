using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using Hangfire;

namespace AiGateway.Dashboard.Jobs;

/// <summary>
/// Thin job over <see cref="SyncService"/>. No Hangfire retries: the HTTP layer already retries
/// transient errors and the next scheduled run re-pulls the window anyway.
/// </summary>
public sealed class SyncJob(SyncService sync)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Sync connection {0} ({1})")]
    public async Task RunAsync(int connectionId, SyncTrigger trigger, CancellationToken cancellationToken)
    {
        var runId = await sync.QueueAsync(connectionId, trigger, cancellationToken);
        await RunQueuedAsync(connectionId, runId, cancellationToken);
    }

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Sync connection {0}, run {1}")]
    public async Task RunQueuedAsync(int connectionId, long runId, CancellationToken cancellationToken)
    {
        // Across workers runs of one connection never overlap: the run takes the connection's lease in the database (decision 020).
        var run = await sync.RunQueuedAsync(runId, cancellationToken);
        if (run.Status == SyncRunStatus.Failed)
        {
            throw new InvalidOperationException($"Sync run {run.Id} failed: {run.Error}");
        }
    }
}
