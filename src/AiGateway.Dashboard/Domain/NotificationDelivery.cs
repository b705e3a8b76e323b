namespace AiGateway.Dashboard.Domain;

/// <summary>
/// One message to one channel: an e-mail to one address or a post to one webhook. Each delivery retries on its
/// own with back-off, so a failing channel never holds up the others.
/// </summary>
public class NotificationDelivery
{
    public long Id { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>"email" or the configured webhook channel's name.</summary>
    public string Channel { get; set; } = "";
    /// <summary>The e-mail address, or the webhook channel's name.</summary>
    public string Target { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    /// <summary>The event's facts as JSON (the generic webhook's <c>data</c>).</summary>
    public string DataJson { get; set; } = "{}";
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    public string? LastError { get; set; }
}
