using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Features.Notifications;
using AiGateway.Dashboard.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Dashboard.Features.Usage;

/// <summary>
/// Gateway usage in: counts each event id once (within the batch, across batches and gateways), attributes it like a
/// billed row (an explicit org unit, else the allocation rules, else unallocated), adds it to its hourly bucket and prices
/// the bucket by the catalog in force that day — in one transaction, so a batch is stored whole or not at all.
/// </summary>
public sealed class UsageService(IDbContextFactory<DashboardDbContext> dbFactory, DatabaseWriteGate writeGate, BudgetSnapshot budgets, BudgetLedger ledger,
    EstimateRefresher estimates, SystemAlerts alerts, IOptions<UsageOptions> options, TimeProvider time, ILogger<UsageService> log)
{
    public async Task<UsageIngestResult> IngestAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IngestOnceAsync(events, cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < 3)
            {
                // Another gateway stored one of these ids at the same moment (unique key): read what is seen again.
                log.LogInformation(ex, "Usage batch raced another writer; retrying ({Attempt})", attempt);
            }
        }
    }

    private async Task<UsageIngestResult> IngestOnceAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        // Held until the batch's live spend reaches the budgets, so a budget evaluation counts it exactly once.
        using var live = await budgets.HoldLiveAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;

        var distinct = events.GroupBy(e => e.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in distinct.Select(e => e.Id).Chunk(500))
        {
            var ids = chunk.ToList();
            seen.UnionWith(await db.UsageEventIds.AsNoTracking().Where(x => ids.Contains(x.EventId)).Select(x => x.EventId).ToListAsync(cancellationToken));
        }
        var fresh = distinct.Where(e => !seen.Contains(e.Id)).ToList();
        await UsageEventIdWriter.InsertAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), fresh.Select(e => e.Id), now, cancellationToken);

        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Code, u.Id }).ToDictionaryAsync(u => u.Code, u => u.Id, cancellationToken);
        var allocator = new Allocator(await db.AllocationRules.AsNoTracking().ToListAsync(cancellationToken));
        var book = await Prices.PricesService.BookAsync(db, fresh.Count == 0 ? DateOnly.FromDateTime(now) : DateOnly.FromDateTime(fresh.Min(e => e.HourUtc)), cancellationToken);

        var hours = fresh.Select(e => e.HourUtc).Distinct().ToList();
        var buckets = (await db.UsageHours.Where(h => hours.Contains(h.HourUtc)).ToListAsync(cancellationToken))
            .GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        // What each touched bucket cost before this batch, for the live change of the budgets.
        var before = new Dictionary<UsageHour, long>(ReferenceEqualityComparer.Instance);
        foreach (var e in fresh)
        {
            var bucket = new UsageHour
            {
                HourUtc = e.HourUtc, Provider = e.Provider, Model = e.Model, ProjectId = e.Project ?? "", ApiKeyId = e.ApiKey ?? "", Tags = UsageHour.TagText(e.Tags),
                ExplicitOrgUnit = e.OrgUnit is not null, ServiceTier = e.ServiceTier,
            };
            // A unit named by the event and deleted since the batch was validated: the rules decide, as for an event that names none.
            bucket.OrgUnitId = e.OrgUnit is { } code && units.TryGetValue(code, out var named) ? named : allocator.OrgUnitFor(bucket.AllocationRecord());
            if (!buckets.TryGetValue(Key(bucket), out var existing))
            {
                db.UsageHours.Add(bucket);
                buckets[Key(bucket)] = existing = bucket;
            }
            before.TryAdd(existing, existing.CostMicros);
            existing.InputTokens += e.InputTokens + e.CachedInputTokens + e.CacheWriteTokens;
            existing.CachedInputTokens += e.CachedInputTokens;
            existing.CacheWriteTokens += e.CacheWriteTokens;
            existing.OutputTokens += e.OutputTokens;
            existing.Requests += e.Requests;
            existing.Events++;
            if (e.CostMicros is { } gatewayCost)
            {
                existing.GatewayCostMicros += gatewayCost;
                existing.GatewayCostEvents++;
            }
        }
        foreach (var bucket in before.Keys) bucket.Price(book);
        await db.SaveChangesAsync(cancellationToken);
        var changes = before.Count == 0 ? [] : await LiveChangesAsync(db, before, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        budgets.AddLive(changes);
        await ledger.SettleAsync(fresh.Where(e => e.ReservationId is not null).Select(e => e.ReservationId!).ToList(), cancellationToken);
        // The day estimates and rollups behind the pages' totals follow within a fraction of a second.
        estimates.MarkDirty(before.Keys.Select(b => b.Day).Distinct());

        var unpriced = fresh.Where(e => book.PriceOf(e.Provider, e.Model, e.ServiceTier, DateOnly.FromDateTime(e.TimestampUtc)) is null)
            .GroupBy(e => (e.Provider, e.Model)).Select(g => new UnpricedModel(g.Key.Provider.ToString(), g.Key.Model, g.Count()))
            .OrderByDescending(u => u.Events).ToList();
        foreach (var u in unpriced) await AlertUnpricedAsync(u, fresh.Where(e => e.Provider.ToString() == u.Provider && e.Model == u.Model).Min(e => e.TimestampUtc), cancellationToken);
        return new UsageIngestResult(fresh.Count, events.Count - fresh.Count, unpriced);
    }

    /// <summary>
    /// How the counted estimate of each unit and day moved with the batch: the buckets' change in cost, where it counts —
    /// open months, and a provider, day and project not billed yet (a bucket without a project: a day the provider has not billed) —
    /// exactly as <see cref="EstimateWriter"/> will count it.
    /// </summary>
    private static async Task<IReadOnlyList<LiveSpend>> LiveChangesAsync(DashboardDbContext db, Dictionary<UsageHour, long> before, CancellationToken cancellationToken)
    {
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        var days = before.Keys.Select(b => b.Day).Distinct().ToList();
        var providers = before.Keys.Select(b => b.Provider).Distinct().ToList();
        // The billed facts of those days, from the day rollups (facts are stored with both bases; adjustments are not bills of the day).
        var billed = await db.Rollups.AsNoTracking()
            .Where(r => r.Grain == RollupGrain.Day && days.Contains(r.Date) && r.Kind == CostKind.Billed && r.Basis == RollupBasis.Both && providers.Contains(r.Provider))
            .Select(r => new { r.Provider, r.Date, r.ProjectId }).Distinct().ToListAsync(cancellationToken);
        var coverage = new BilledCoverage(billed.Select(b => (b.Provider, b.Date, (string?)b.ProjectId)));
        return before
            .Where(b => b.Key.OrgUnitId is not null && !closed.IsClosed(b.Key.Day) && !coverage.Covers(b.Key.Provider, b.Key.Day, b.Key.ProjectId))
            .GroupBy(b => (Unit: b.Key.OrgUnitId!.Value, b.Key.Day))
            .Select(g => new LiveSpend(g.Key.Unit, g.Key.Day, g.Sum(b => b.Key.CostMicros - b.Value)))
            .Where(c => c.DeltaMicros != 0).ToList();
    }

    /// <summary>
    /// Forgets event ids seen more than <c>Usage:DedupDays</c> ago (older events are refused by age anyway) and reservations
    /// that ended or expired more than a day ago, in chunks so that ingestion is never held up for long.
    /// </summary>
    /// <returns>Ids and reservations deleted.</returns>
    public async Task<(int Ids, int Reservations)> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var idsBefore = now.AddDays(-options.Value.DedupDays);
        var reservationsBefore = now.AddDays(-1);
        int ids = 0, reservations = 0, deleted;
        do
        {
            using var gate = await writeGate.EnterAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var chunk = await db.UsageEventIds.Where(x => x.SeenUtc < idsBefore).OrderBy(x => x.SeenUtc).Select(x => x.EventId).Take(10_000).ToListAsync(cancellationToken);
            deleted = chunk.Count == 0 ? 0 : await db.UsageEventIds.Where(x => chunk.Contains(x.EventId)).ExecuteDeleteAsync(cancellationToken);
            ids += deleted;
        }
        while (deleted > 0);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            reservations = await db.BudgetReservations.Where(r => r.ExpiresUtc < reservationsBefore).ExecuteDeleteAsync(cancellationToken);
        }
        if (ids + reservations > 0) log.LogInformation("Forgot {Ids} usage event id(s) older than {Days} days and {Reservations} old reservation(s)", ids, options.Value.DedupDays, reservations);
        return (ids, reservations);
    }

    /// <summary>Never a silent $0: the first usage of a model without a price tells the admins, once.</summary>
    private async Task AlertUnpricedAsync(UnpricedModel model, DateTime firstSeenUtc, CancellationToken cancellationToken)
    {
        try
        {
            await alerts.FireOnceAsync(SystemAlert.Unpriced, $"{model.Provider}|{model.Model}",
                $"{model.Provider} {model.Model} has no price",
                $"Gateway usage of {model.Provider} '{model.Model}' arrived on {firstSeenUtc:yyyy-MM-dd HH:mm} UTC with no price in the catalog. Its tokens are kept and counted as unpriced; "
                + "add its price on the Prices page and its usage is priced from the price's effective date.",
                $"prices?model={Uri.EscapeDataString(model.Model)}", toFinance: false,
                new Dictionary<string, object?> { ["provider"] = model.Provider, ["model"] = model.Model, ["events"] = model.Events }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Alerting about unpriced {Provider} {Model} failed", model.Provider, model.Model);
        }
    }

    private static (DateTime, ProviderKind, string, string, string, string, int?, bool, string) Key(UsageHour h) =>
        (h.HourUtc, h.Provider, h.Model, h.ProjectId, h.ApiKeyId, h.Tags, h.OrgUnitId, h.ExplicitOrgUnit, h.ServiceTier);
}
