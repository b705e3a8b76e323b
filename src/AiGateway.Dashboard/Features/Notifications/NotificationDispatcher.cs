using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Notifications;

/// <summary>
/// Sends due deliveries. Each channel runs on its own task, so a slow or failing webhook never holds up e-mail;
/// each delivery is claimed with a conditional update first, so two dispatchers never send it twice. A failure
/// schedules the next attempt with doubling back-off until <see cref="NotificationsOptions.MaxAttempts"/>, then
/// the delivery is marked failed and stays on the Admin's deliveries page, where it can be retried.
/// </summary>
public sealed class NotificationDispatcher(
    IDbContextFactory<DashboardDbContext> dbFactory,
    EmailSender email,
    WebhookSender webhooks,
    IOptionsMonitor<NotificationsOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Asks the dispatcher to look for due deliveries now (after new ones were saved).</summary>
    public void Wake()
    {
        try { _wake.Release(); } catch (SemaphoreFullException) { /* already awake */ }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await DispatchDueAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { log.LogError(ex, "Notification dispatch failed; trying again later"); }
            try { await _wake.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.DispatchIntervalSeconds)), stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Sends every delivery that is due now; returns how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            List<NotificationDelivery> due;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                // A dispatcher that died mid-send leaves a claim behind; release it after a while.
                var stale = now - StaleClaim;
                await db.NotificationDeliveries.Where(d => d.Status == DeliveryStatus.Sending && d.NextAttemptUtc < stale)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending), cancellationToken);
                due = await db.NotificationDeliveries.AsNoTracking()
                    .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptUtc <= now)
                    .OrderBy(d => d.Id).Take(500).ToListAsync(cancellationToken);
            }
            await Task.WhenAll(due.GroupBy(d => d.Channel).Select(channel => SendChannelAsync(channel.ToList(), cancellationToken)));
            return due.Count;
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>An Admin's "retry now": the delivery gets one more attempt at once.</summary>
    public async Task RetryAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.NotificationDeliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptUtc, time.GetUtcNow().UtcDateTime), cancellationToken);
        if (changed == 0) throw new InvalidOperationException("Only a failed delivery can be retried.");
        Wake();
    }

    private async Task SendChannelAsync(IReadOnlyList<NotificationDelivery> deliveries, CancellationToken cancellationToken)
    {
        foreach (var delivery in deliveries)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var claimedAt = time.GetUtcNow().UtcDateTime;
            var claimed = await db.NotificationDeliveries
                .Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending && d.Attempts == delivery.Attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.NextAttemptUtc, claimedAt), cancellationToken);
            if (claimed == 0) continue;

            string? error = null;
            try
            {
                if (delivery.Channel == "email") await email.SendAsync(delivery, cancellationToken);
                else await webhooks.SendAsync(delivery, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
            }

            var now = time.GetUtcNow().UtcDateTime;
            var attempts = delivery.Attempts + 1;
            if (error is null)
            {
                await db.NotificationDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DeliveryStatus.Sent).SetProperty(d => d.Attempts, attempts)
                    .SetProperty(d => d.SentUtc, now).SetProperty(d => d.LastError, (string?)null), CancellationToken.None);
                continue;
            }
            var o = options.CurrentValue;
            var giveUp = attempts >= Math.Max(1, o.MaxAttempts);
            var next = now + Backoff(o.RetryBaseSeconds, attempts);
            if (error.Length > 2000) error = error[..2000];
            await db.NotificationDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, giveUp ? DeliveryStatus.Failed : DeliveryStatus.Pending).SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.NextAttemptUtc, next).SetProperty(d => d.LastError, error), CancellationToken.None);
            log.LogWarning("Delivery {DeliveryId} to channel {Channel} failed (attempt {Attempt}): {Error}{Outcome}",
                delivery.Id, delivery.Channel, attempts, error, giveUp ? "; giving up" : $"; next attempt at {next:O}");
        }
    }

    /// <summary>Base × 2^(attempt−1), capped at one hour.</summary>
    public static TimeSpan Backoff(int baseSeconds, int attempt) =>
        TimeSpan.FromSeconds(Math.Min(3600, Math.Max(1, baseSeconds) * Math.Pow(2, Math.Min(20, attempt - 1))));
}
