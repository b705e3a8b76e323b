using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Changes;

namespace AiGateway.Dashboard.Features.Sync;

/// <summary>Work that follows every successful sync (or re-allocation), in the background and one run at a time.</summary>
public abstract class AfterSuccessfulSync(ChangeSignal changes, ILogger log) : IHostedService
{
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>What the work is, for the log when it fails.</summary>
    protected abstract string What { get; }

    protected abstract Task RunAsync(CancellationToken cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(DataChange change)
    {
        // The node that made the change does the work once; other nodes only follow (RemoteChangeFollower).
        if (change.Remote || !change.Concerns(ChangeKind.Spend | ChangeKind.Allocation | ChangeKind.Books)) return;
        _ = Task.Run(async () =>
        {
            await _running.WaitAsync();
            try { await RunAsync(CancellationToken.None); }
            catch (Exception ex) { log.LogError(ex, "{What} after a sync failed", What); }
            finally { _running.Release(); }
        });
    }
}
