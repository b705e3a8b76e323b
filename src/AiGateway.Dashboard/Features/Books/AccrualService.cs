using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reconciliation;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Books;

/// <summary>
/// Accruals of open months: per provider, billed to date and the spend of the days it has not billed yet — from gateway
/// usage where there is some, else a run rate of its last 7 complete billed days — and, once a month is closed, the
/// true-up of the last accrual against the final bill.
/// </summary>
public sealed class AccrualService(IDbContextFactory<DashboardDbContext> dbFactory, SpendQueries spend, TimeProvider time)
{
    public async Task<IReadOnlyList<Accrual>> ForMonthAsync(Period month, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        if (month.Start > today) return [];
        var to = month.End < today ? month.End : today;
        var billed = (await spend.QueryAsync(new SpendQuery(month.Start, to, [SpendDimension.Provider]) { BilledOnly = true }, cancellationToken))
            .ToDictionary(r => r.Key.Provider!.Value, r => r.CostMicros);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var through = await ReconciliationQueries.BilledThroughAsync(db, month.Start.AddDays(-Accrual.RunRateDays - 1), cancellationToken);
        var (fromUtc, toUtc) = new DateWindow(month.Start, to).Utc;
        var usage = (await db.UsageHours.AsNoTracking().Where(h => h.HourUtc >= fromUtc && h.HourUtc < toUtc)
                .Select(h => new { h.Provider, h.HourUtc, h.CostMicros, h.Events }).ToListAsync(cancellationToken))
            .GroupBy(h => (h.Provider, Day: DateOnly.FromDateTime(h.HourUtc))).ToDictionary(g => g.Key, g => (Cost: g.Sum(h => h.CostMicros), Events: g.Sum(h => h.Events)));

        var providers = billed.Keys.Union(usage.Keys.Select(k => k.Provider)).Union(through.Keys).Where(p => p != ProviderKind.Gateway).Distinct().Order().ToList();
        var accruals = new List<Accrual>();
        foreach (var provider in providers)
        {
            DateOnly? last = through.TryGetValue(provider, out var d) ? (d > month.End ? month.End : d) : null;
            var unbilledFrom = last is { } l && l >= month.Start ? l.AddDays(1) : month.Start;
            var billedToDate = billed.GetValueOrDefault(provider);
            if (unbilledFrom > to)
            {
                accruals.Add(new Accrual(provider, month, billedToDate, 0, AccrualMethod.None, last, null));
                continue;
            }
            var unbilled = new DateWindow(unbilledFrom, to);
            var gateway = unbilled.EachDay().Select(day => usage.GetValueOrDefault((provider, day))).ToList();
            if (gateway.Sum(g => g.Events) > 0)
            {
                accruals.Add(new Accrual(provider, month, billedToDate, gateway.Sum(g => g.Cost), AccrualMethod.GatewayUsage, last, unbilled));
                continue;
            }
            var rate = last is { } end ? await RunRateDaysAsync(provider, end < today ? end : today.AddDays(-1), cancellationToken) : [];
            var accrued = Accrual.RunRate(rate, Accrual.DaysToCover(unbilled, now));
            accruals.Add(accrued is { } a
                ? new Accrual(provider, month, billedToDate, a, AccrualMethod.RunRate, last, unbilled, Accrual.RunRate(rate, 1))
                : new Accrual(provider, month, billedToDate, 0, AccrualMethod.None, last, unbilled));
        }
        return accruals;
    }

    /// <summary>The provider's billed spend of each of its last complete billed days (by usage date), newest last.</summary>
    private async Task<IReadOnlyList<long>> RunRateDaysAsync(ProviderKind provider, DateOnly lastComplete, CancellationToken cancellationToken)
    {
        var window = new DateWindow(lastComplete.AddDays(1 - Accrual.RunRateDays), lastComplete);
        var rows = await spend.QueryAsync(new SpendQuery(window.From, window.To, [SpendDimension.Day])
        {
            BilledOnly = true, Basis = SpendBasis.Usage, Filter = new SpendFilter { Providers = [provider] },
        }, cancellationToken);
        var byDay = rows.ToDictionary(r => r.Key.Day!.Value, r => r.CostMicros);
        return window.EachDay().Select(d => byDay.GetValueOrDefault(d)).ToList();
    }

    /// <summary>Keeps the month's accruals that have something to accrue as the provider's last accrual of the month.</summary>
    public async Task RecordAsync(IReadOnlyList<Accrual> accruals, CancellationToken cancellationToken)
    {
        var worth = accruals.Where(a => a.AccruedMicros != 0).ToList();
        if (worth.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var months = worth.Select(a => a.Month.Start).Distinct().ToList();
        var stored = await db.AccrualSnapshots.Where(s => months.Contains(s.MonthStart)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var a in worth)
        {
            var row = stored.FirstOrDefault(s => s.MonthStart == a.Month.Start && s.Provider == a.Provider);
            if (row is null) db.AccrualSnapshots.Add(row = new AccrualSnapshot { MonthStart = a.Month.Start, Provider = a.Provider });
            (row.AsOfUtc, row.BilledMicros, row.AccruedMicros, row.Method) = (now, a.BilledMicros, a.AccruedMicros, a.Method);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node recorded the same month at the same moment; the next sync records it again.
        }
    }

    /// <summary>The last accrual of each provider of the month, with the month's final bill (booked).</summary>
    public async Task<IReadOnlyList<(AccrualSnapshot Accrual, long FinalBilledMicros)>> TrueUpAsync(Period month, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var snapshots = await db.AccrualSnapshots.AsNoTracking().Where(s => s.MonthStart == month.Start).OrderBy(s => s.Provider).ToListAsync(cancellationToken);
        if (snapshots.Count == 0) return [];
        var billed = (await spend.QueryAsync(new SpendQuery(month.Start, month.End, [SpendDimension.Provider]) { BilledOnly = true }, cancellationToken))
            .ToDictionary(r => r.Key.Provider!.Value, r => r.CostMicros);
        return snapshots.Select(s => (s, billed.GetValueOrDefault(s.Provider))).ToList();
    }
}
