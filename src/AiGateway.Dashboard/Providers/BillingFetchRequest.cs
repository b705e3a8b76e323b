using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers;

/// <param name="Secret">The decrypted secret, for the duration of the call only.</param>
/// <param name="AsOf">When the sync asks (UTC): the current day holds only what has happened by then.</param>
public sealed record BillingFetchRequest(ProviderConnection Connection, string? Secret, DateWindow Window, DateTimeOffset? AsOf = null);
