namespace AiGateway.Dashboard.Features.Notifications;

/// <summary>
/// Something people should hear about. <paramref name="Link"/> is relative to the dashboard (e.g. "budgets/3");
/// <paramref name="Data"/> carries the facts for the generic webhook.
/// </summary>
public sealed record NotificationMessage(string Kind, string Title, string Body, string? Link, IReadOnlyDictionary<string, object?> Data);
