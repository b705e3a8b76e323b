using AiGateway.Dashboard.Features.Usage;
using Hangfire;

namespace AiGateway.Dashboard.Jobs;

/// <summary>Hourly: forgets event ids older than <c>Usage:DedupDays</c> and reservations that ended more than a day ago.</summary>
public sealed class UsageRetentionJob(UsageService usage)
{
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [JobDisplayName("Forget old usage event ids and reservations")]
    public Task RunAsync(CancellationToken cancellationToken) => usage.PurgeAsync(cancellationToken);
}
