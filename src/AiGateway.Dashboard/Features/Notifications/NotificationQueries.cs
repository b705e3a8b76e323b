using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Notifications;

/// <summary>A person's in-app notifications (the bell and the notifications page) and the Admin's view of deliveries.</summary>
public sealed class NotificationQueries(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    public async Task<int> UnreadCountAsync(string email, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.UserEmail == email && n.ReadUtc == null, cancellationToken);
    }

    public async Task<IReadOnlyList<Notification>> ListAsync(string email, bool unreadOnly, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications.AsNoTracking().Where(n => n.UserEmail == email);
        if (unreadOnly) query = query.Where(n => n.ReadUtc == null);
        return await query.OrderByDescending(n => n.CreatedUtc).ThenByDescending(n => n.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Marks one (or, with null, every) notification of this person read. Nobody can touch another's.</summary>
    public async Task MarkReadAsync(string email, long? id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserEmail == email && n.ReadUtc == null && (id == null || n.Id == id))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, now), cancellationToken);
        Read?.Invoke();
    }

    /// <summary>Raised when someone marked notifications read, so their bell (in another tab too) updates.</summary>
    public event Action? Read;

    public async Task<IReadOnlyList<NotificationDelivery>> DeliveriesAsync(DeliveryStatus? status, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.NotificationDeliveries.AsNoTracking();
        if (status is { } s) query = query.Where(d => d.Status == s);
        return await query.OrderByDescending(d => d.Id).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<DeliveryStatus, int>> DeliveryCountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationDeliveries.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }
}
