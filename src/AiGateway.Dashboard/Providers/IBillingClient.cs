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
}
