using AiGateway.Dashboard.Features.Approvals;
using Hangfire;

namespace AiGateway.Dashboard.Jobs;

/// <summary>Hourly: expires requests left undecided past their first period and reminds waiting approvers once.</summary>
public sealed class ApprovalsMaintenanceJob(ApprovalsService approvals)
{
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [JobDisplayName("Expire and remind budget requests")]
    public Task RunAsync(CancellationToken cancellationToken) => approvals.MaintainAsync(cancellationToken);
}
