namespace AiGateway.Dashboard.Domain;

/// <summary>An in-app notification for one person: what the bell counts and the notifications page lists.</summary>
public class Notification
{
    public long Id { get; set; }
    public string UserEmail { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>Relative link to the thing the notification is about.</summary>
    public string? Link { get; set; }
    public DateTime? ReadUtc { get; set; }
}
