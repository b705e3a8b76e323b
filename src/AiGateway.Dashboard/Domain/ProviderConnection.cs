namespace AiGateway.Dashboard.Domain;

/// <summary>A billing source we pull on a schedule. The secret is stored encrypted, never in clear.</summary>
public class ProviderConnection
{
    public const string DefaultSchedule = "0 * * * *";

    public int Id { get; set; }
    public ProviderKind Kind { get; set; }
    public string Name { get; set; } = "";
    public string? BaseUrl { get; set; }
    public string? EncryptedSecret { get; set; }
    /// <summary>Last four characters of the secret, the only part ever shown again.</summary>
    public string? SecretHint { get; set; }
    /// <summary>Provider-specific settings as JSON (org id, Azure scope, simulation seed…).</summary>
    public string? Settings { get; set; }
    /// <summary>The provider-assigned organization (billing account) id, e.g. OpenAI's "org-…": FOCUS's BillingAccountId.</summary>
    public string? OrganizationId { get; set; }
    public string Schedule { get; set; } = DefaultSchedule;
    public int BackfillDays { get; set; } = 90;
    public int OverlapDays { get; set; } = 3;
    public bool Enabled { get; set; } = true;
    /// <summary>Declared in configuration: upserted at start and read-only in the UI.</summary>
    public bool ManagedByConfiguration { get; set; }
    public DateTime CreatedUtc { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>What the audit trail records of a connection: never the secret, only its hint.</summary>
    public string AuditText() => System.Text.Json.JsonSerializer.Serialize(new
    {
        Name, Kind = Kind.ToString(), BaseUrl, OrganizationId, Schedule, BackfillDays, OverlapDays, Enabled, SecretHint,
    });
}
