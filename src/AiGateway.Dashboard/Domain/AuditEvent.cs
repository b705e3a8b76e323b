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

    public static AuditEvent Of(DateTime occurredUtc, string actor, string action, string entityType, int entityId, string? before, string? after) => new()
    {
        OccurredUtc = occurredUtc, Actor = actor, Action = action, EntityType = entityType,
        EntityId = entityId.ToString(System.Globalization.CultureInfo.InvariantCulture), Before = before, After = after,
    };
}
