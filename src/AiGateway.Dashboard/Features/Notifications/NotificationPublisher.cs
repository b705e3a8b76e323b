using System.Text.Json;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Notifications;

/// <summary>
/// Turns a message into an in-app notification per recipient, an e-mail delivery per recipient (when SMTP is
/// configured) and one delivery per webhook channel. It only stages rows in the caller's context, so they are
/// saved in the same transaction as the event that caused them; <see cref="NotificationDispatcher"/> sends them.
/// </summary>
public sealed class NotificationPublisher(IOptionsMonitor<NotificationsOptions> options, TimeProvider time)
{
    /// <summary>Raised after new in-app notifications were saved, so open bells refresh at once.</summary>
    public event Action? Published;

    public void Announce() => Published?.Invoke();

    public void Stage(DashboardDbContext db, NotificationMessage message, IEnumerable<string> recipients)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var o = options.CurrentValue;
        var data = JsonSerializer.Serialize(message.Data);
        foreach (var email in recipients.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct())
        {
            db.Notifications.Add(new Notification
            {
                UserEmail = email, CreatedUtc = now, Kind = message.Kind, Title = Clip(message.Title, 300), Body = Clip(message.Body, 2000), Link = message.Link,
            });
            if (o.Smtp.Enabled) db.NotificationDeliveries.Add(Delivery(now, "email", email, message, data));
        }
        foreach (var channel in o.Webhooks.Where(w => !string.IsNullOrWhiteSpace(w.Url)))
            db.NotificationDeliveries.Add(Delivery(now, channel.Name, channel.Name, message, data));
    }

    /// <summary>
    /// Who hears about a unit: its owners, or the owners of its nearest ancestor that has any, and the Finance
    /// recipients when asked.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecipientsForUnitAsync(DashboardDbContext db, int orgUnitId, bool includeFinance, CancellationToken cancellationToken)
    {
        var units = await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken);
        var owners = (await db.OrgUnitMembers.AsNoTracking().Where(m => m.IsOwner).ToListAsync(cancellationToken))
            .ToLookup(m => m.OrgUnitId, m => m.UserEmail);
        var tree = new OrgTree(units);
        var recipients = new List<string>();
        foreach (var id in new[] { orgUnitId }.Concat(tree.Ancestors(orgUnitId).Select(u => u.Id)))
        {
            if (!owners[id].Any()) continue;
            recipients.AddRange(owners[id]);
            break;
        }
        if (includeFinance) recipients.AddRange(options.CurrentValue.FinanceRecipients);
        return recipients.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct().ToList();
    }

    private static NotificationDelivery Delivery(DateTime now, string channel, string target, NotificationMessage message, string data) => new()
    {
        CreatedUtc = now, Channel = channel, Target = target, Kind = message.Kind, Title = Clip(message.Title, 300), Body = Clip(message.Body, 2000),
        Link = message.Link, DataJson = data, Status = DeliveryStatus.Pending, NextAttemptUtc = now,
    };

    internal static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
