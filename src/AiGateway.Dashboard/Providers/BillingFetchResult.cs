using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers;

/// <param name="Names">Projects, workspaces and keys with their names; null when the client has none to report.</param>
public sealed record BillingFetchResult(IReadOnlyList<CostRecord> Rows, int PagesFetched, IReadOnlyList<ProviderEntity>? Names = null);
