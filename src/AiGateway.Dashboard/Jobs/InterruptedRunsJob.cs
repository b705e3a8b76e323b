using AiGateway.Dashboard.Features.Sync;
using Hangfire;

namespace AiGateway.Dashboard.Jobs;

/// <summary>Every minute: a run left "Running" by a killed node on a shared database (silent past Jobs:HeartbeatTimeout) is marked failed.</summary>
public sealed class InterruptedRunsJob(InterruptedRunsService runs)
{
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [JobDisplayName("Mark interrupted sync runs failed")]
    public Task RunAsync(CancellationToken cancellationToken) => runs.FailInterruptedAsync(atStart: false, cancellationToken);
}
