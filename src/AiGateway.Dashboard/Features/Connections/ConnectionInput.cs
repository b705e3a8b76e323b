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
}
