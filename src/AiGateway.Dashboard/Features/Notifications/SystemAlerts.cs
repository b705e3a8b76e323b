using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Notifications;

/// <summary>Fires the platform's own alerts to the admin (and, for money, the Finance) recipients, each once by its kind and key.</summary>
public sealed class SystemAlerts(IDbContextFactory<DashboardDbContext> dbFactory, NotificationPublisher publisher, IOptionsMonitor<NotificationsOptions> options,
    IServiceProvider services, TimeProvider time, ILogger<SystemAlerts> log)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool> _fired = new();

    /// <summary>Whether it has fired (from memory after the first look, so a hot path asks the database once).</summary>
    public async Task<bool> HasFiredAsync(string kind, string key, CancellationToken cancellationToken)
    {
        if (_fired.ContainsKey((kind, key))) return true;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.SystemAlerts.AnyAsync(a => a.Kind == kind && a.Key == key, cancellationToken)) return false;
        _fired[(kind, key)] = true;
        return true;
    }

    /// <returns>False when it had fired already.</returns>
    public async Task<bool> FireOnceAsync(string kind, string key, string title, string message, string link, bool toFinance, IReadOnlyDictionary<string, object?> data,
        CancellationToken cancellationToken)
    {
        if (await HasFiredAsync(kind, key, cancellationToken)) return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.SystemAlerts.Add(new SystemAlert { Kind = kind, Key = key, FiredUtc = time.GetUtcNow().UtcDateTime, Title = title, Message = message });
        var o = options.CurrentValue;
        publisher.Stage(db, new NotificationMessage($"platform.{kind}", title, message, link, data), toFinance ? o.AdminRecipients.Concat(o.FinanceRecipients) : o.AdminRecipients);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            _fired[(kind, key)] = true;
            return false; // another check fired it at the same moment (the unique key)
        }
        _fired[(kind, key)] = true;
        log.LogInformation("Platform alert {Kind} {Key}: {Title}", kind, key, title);
        publisher.Announce();
        services.GetService<NotificationDispatcher>()?.Wake();
        return true;
    }
}
