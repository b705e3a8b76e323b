using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers;

public sealed record BillingFetchResult(IReadOnlyList<CostRecord> Rows, int PagesFetched);
