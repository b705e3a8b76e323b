using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers;

/// <param name="PagesFetched">Requests made to the provider (pages, token and discovery calls): some providers charge per request.</param>
/// <param name="Names">Projects, workspaces and keys with their names; null when the client has none to report.</param>
/// <param name="Notes">What a person should read about the rows, e.g. provider lines no mapping knows, kept under their own names.</param>
/// <param name="ProvisionalFrom">The first day the provider still calls estimated: the next run re-pulls from there.</param>
/// <param name="Covers">For a source that speaks for its own days (FOCUS files: their billing periods), the days the run replaces, instead of the planned window.</param>
public sealed record BillingFetchResult(IReadOnlyList<CostRecord> Rows, int PagesFetched, IReadOnlyList<ProviderEntity>? Names = null, IReadOnlyList<string>? Notes = null,
    DateOnly? ProvisionalFrom = null, DateWindow? Covers = null);
