namespace AiGateway.Dashboard.Domain;

/// <summary>An event id already counted: the same id again (a retry, another batch, a second gateway) counts once.</summary>
public class UsageEventId
{
    public string EventId { get; set; } = "";
    public DateTime SeenUtc { get; set; }
}
