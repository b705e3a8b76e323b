using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers;

/// <summary>
/// A provider's billing and usage API. A client fetches a whole window and returns normalized rows;
/// it never writes: the sync service replaces the window in one transaction.
/// </summary>
public interface IBillingClient
{
    ProviderKind Kind { get; }

    Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken);

    /// <summary>One cheap call that proves the base URL and the secret; returns what a person should read, throws otherwise.</summary>
    Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken);
}
