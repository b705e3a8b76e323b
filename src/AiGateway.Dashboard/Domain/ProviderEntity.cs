namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A provider-side object we only know by id in billing data (OpenAI project or API key, Anthropic workspace
/// or API key) with the name people know it by, so that pages say "Search team – prod key", not "key_7Hq…".
/// </summary>
public class ProviderEntity
{
    public const string Project = "project";
    public const string ApiKey = "api_key";
    public const string Workspace = "workspace";

    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public string EntityType { get; set; } = "";
    public string ExternalId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The project or workspace an API key belongs to, when the provider says.</summary>
    public string? ParentId { get; set; }
    public bool Archived { get; set; }
}
