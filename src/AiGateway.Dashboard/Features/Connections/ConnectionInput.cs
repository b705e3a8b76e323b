using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Connections;

/// <summary>What a person enters for a connection. A blank secret on edit keeps the stored one.</summary>
public sealed class ConnectionInput
{
    public string Name { get; set; } = "";
    public ProviderKind Kind { get; set; } = ProviderKind.OpenAI;
    public string? BaseUrl { get; set; }
    public string? Secret { get; set; }
    /// <summary>The provider's organization id (OpenAI "org-…", Anthropic's organization id), for FOCUS's BillingAccountId.</summary>
    public string? OrganizationId { get; set; }
    public string Schedule { get; set; } = ProviderConnection.DefaultSchedule;
    public int BackfillDays { get; set; } = 90;
    public int OverlapDays { get; set; } = 3;
    public bool Enabled { get; set; } = true;

    // Azure OpenAI (Cost Management): the app registration and the scope it reads; the secret is the client secret.
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? Scope { get; set; }
    public string? AuthorityHost { get; set; }
    public string? CostType { get; set; } = Providers.Azure.AzureSettings.ActualCost;

    /// <summary>The Azure fields as the client reads them.</summary>
    public Providers.Azure.AzureSettings Azure() => new((TenantId ?? "").Trim(), (ClientId ?? "").Trim(), (Scope ?? "").Trim().Trim('/'),
        string.IsNullOrWhiteSpace(AuthorityHost) ? null : AuthorityHost.Trim(), CostType);

    /// <summary>What a person edits of a stored connection (never its secret).</summary>
    public static ConnectionInput From(ConnectionSummary c)
    {
        var input = new ConnectionInput { Name = c.Name, Kind = c.Kind, BaseUrl = c.BaseUrl, OrganizationId = c.OrganizationId, Schedule = c.Schedule, BackfillDays = c.BackfillDays, OverlapDays = c.OverlapDays, Enabled = c.Enabled };
        if (c.Kind == ProviderKind.AzureOpenAI && !string.IsNullOrWhiteSpace(c.Settings))
        {
            var azure = Providers.Azure.AzureSettings.From(c.Settings);
            (input.TenantId, input.ClientId, input.Scope, input.AuthorityHost, input.CostType) = (azure.TenantId, azure.ClientId, azure.Scope, azure.AuthorityHost, azure.Type);
        }
        return input;
    }
}
