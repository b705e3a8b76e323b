using AiGateway.Dashboard.Features.Fx;
using Hangfire;

namespace AiGateway.Dashboard.Jobs;

/// <summary>On <c>Fx:Schedule</c>: fetches the reference rates and re-converts what they cover.</summary>
public sealed class FxRatesJob(FxService fx)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [JobDisplayName("Fetch exchange rates")]
    public Task RunAsync(CancellationToken cancellationToken) => fx.FetchFeedAsync(cancellationToken);
}
