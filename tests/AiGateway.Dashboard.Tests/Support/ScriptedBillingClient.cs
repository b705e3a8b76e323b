using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers;

namespace AiGateway.Dashboard.Tests.Support;

/// <summary>A billing client whose behaviour a test scripts: used for failures a real provider produces.</summary>
public sealed class ScriptedBillingClient(ProviderKind kind, Func<BillingFetchRequest, IProgress<int>?, CancellationToken, Task<BillingFetchResult>> fetch) : IBillingClient
{
    public ProviderKind Kind => kind;

    public Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken) =>
        fetch(request, pagesFetched, cancellationToken);

    public Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken) =>
        Task.FromResult("scripted client");
}
