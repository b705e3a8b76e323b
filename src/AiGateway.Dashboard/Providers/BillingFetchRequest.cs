using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers;

/// <param name="Secret">The decrypted secret, for the duration of the call only.</param>
public sealed record BillingFetchRequest(ProviderConnection Connection, string? Secret, DateWindow Window);
