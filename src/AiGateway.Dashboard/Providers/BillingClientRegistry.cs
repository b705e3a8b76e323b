using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers;

public sealed class BillingClientRegistry(IEnumerable<IBillingClient> clients)
{
    private readonly Dictionary<ProviderKind, IBillingClient> _clients = clients.ToDictionary(c => c.Kind);

    public IBillingClient For(ProviderKind kind) =>
        _clients.TryGetValue(kind, out var client)
            ? client
            : throw new NotSupportedException($"No billing client is available for {kind} connections yet.");

    public bool Supports(ProviderKind kind) => _clients.ContainsKey(kind);
}
