namespace AiGateway.Dashboard.Domain;

/// <summary>Who changed what and when, with the before and after state as JSON.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTime OccurredUtc { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
}
