using System.Text.Json;

namespace AiGateway.Dashboard.Providers.Azure;

/// <summary>
/// An Azure connection's own fields (stored as the connection's settings JSON; the client secret is the connection's secret).
/// <paramref name="Scope"/> is what Cost Management queries: <c>subscriptions/{id}</c>, <c>subscriptions/{id}/resourceGroups/{rg}</c>,
/// or <c>providers/Microsoft.Billing/billingAccounts/{id}</c> (with <c>/billingProfiles/{id}</c>).
/// </summary>
/// <paramref name="ManagedIdentity"/>: when the app runs in Azure, the token comes from the instance's managed identity (IMDS, at
/// <paramref name="IdentityEndpoint"/>) instead of a secret; <paramref name="ClientId"/> then names a user-assigned identity (blank: the system one).
public sealed record AzureSettings(string TenantId, string ClientId, string Scope, string? AuthorityHost = null, string? CostType = null,
    bool ManagedIdentity = false, string? IdentityEndpoint = null)
{
    public const string DefaultIdentityEndpoint = "http://169.254.169.254/metadata/identity/oauth2/token";

    public Uri Imds => new(string.IsNullOrWhiteSpace(IdentityEndpoint) ? DefaultIdentityEndpoint : IdentityEndpoint);

    public const string DefaultAuthorityHost = "https://login.microsoftonline.com";
    public const string ActualCost = "ActualCost";
    public const string AmortizedCost = "AmortizedCost";

    public string Authority => (string.IsNullOrWhiteSpace(AuthorityHost) ? DefaultAuthorityHost : AuthorityHost).TrimEnd('/');

    /// <summary>ActualCost (what is invoiced) unless AmortizedCost is asked for (reservations and commitments spread over their term).</summary>
    public string Type => string.Equals(CostType, AmortizedCost, StringComparison.OrdinalIgnoreCase) ? AmortizedCost : ActualCost;

    /// <summary>What is wrong with the fields, in words, or null.</summary>
    public string? Problem()
    {
        if (!ManagedIdentity && !Guid.TryParse(TenantId, out _)) return $"Tenant id '{TenantId}' is not a GUID (Entra ID → Overview → Tenant ID).";
        if (!(ManagedIdentity && string.IsNullOrEmpty(ClientId)) && !Guid.TryParse(ClientId, out _)) return $"Client id '{ClientId}' is not a GUID (the app registration's Application (client) ID).";
        if (IdentityEndpoint is { Length: > 0 } imds && !Uri.TryCreate(imds, UriKind.Absolute, out _)) return $"Identity endpoint '{imds}' is not an absolute URL.";
        var scope = (Scope ?? "").Trim('/');
        if (!(scope.StartsWith("subscriptions/", StringComparison.OrdinalIgnoreCase) || scope.StartsWith("providers/Microsoft.Billing/billingAccounts/", StringComparison.OrdinalIgnoreCase)
              || scope.StartsWith("providers/Microsoft.Management/managementGroups/", StringComparison.OrdinalIgnoreCase)))
            return $"Scope '{Scope}' is not a Cost Management scope: use subscriptions/{{id}}, subscriptions/{{id}}/resourceGroups/{{name}} or providers/Microsoft.Billing/billingAccounts/{{id}}.";
        if (AuthorityHost is { Length: > 0 } host && !Uri.TryCreate(host, UriKind.Absolute, out _)) return $"Authority host '{host}' is not an absolute URL.";
        if (CostType is { Length: > 0 } t && Type != t && !string.Equals(t, ActualCost, StringComparison.OrdinalIgnoreCase)) return $"Cost type '{t}' is neither ActualCost nor AmortizedCost.";
        return null;
    }

    public string ToJson() => JsonSerializer.Serialize(this, ProviderSettings.Json);

    public static AzureSettings From(string? json) => ProviderSettings.Read<AzureSettings>(json, "Azure OpenAI", "tenant id, client id and scope");
}
