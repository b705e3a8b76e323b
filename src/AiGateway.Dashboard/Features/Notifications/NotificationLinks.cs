namespace AiGateway.Dashboard.Features.Notifications;

public static class NotificationLinks
{
    /// <summary>The absolute address of a dashboard-relative link, when the base URL is configured.</summary>
    public static string? Absolute(string? baseUrl, string? link) =>
        link is null || string.IsNullOrWhiteSpace(baseUrl) ? null : $"{baseUrl.TrimEnd('/')}/{link.TrimStart('/')}";
}
