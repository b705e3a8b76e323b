using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Configuration;

public sealed class DeclaredConnection
{
    public string Name { get; set; } = "";
    /// <summary>A <see cref="ProviderKind"/> name, or Azure, Bedrock, Vertex.</summary>
    public string Kind { get; set; } = "";
    public string? BaseUrl { get; set; }
    public string? Secret { get; set; }
    /// <summary>Amazon Bedrock with temporary credentials: the session token, stored encrypted with <see cref="Secret"/>.</summary>
    public string? SessionToken { get; set; }
    public string Schedule { get; set; } = ProviderConnection.DefaultSchedule;
    public int BackfillDays { get; set; } = 90;
    public string? OrganizationId { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>The kind's own fields (Azure: TenantId, ClientId, Scope, AuthorityHost…), stored as the connection's settings.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ProviderKind ProviderKind => ProviderKinds.TryParse(Kind, out var kind) ? kind : throw new InvalidOperationException($"'{Kind}' is not a provider kind.");
}
