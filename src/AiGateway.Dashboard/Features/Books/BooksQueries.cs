using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Books;

/// <summary>The months' books: status, totals, prior-period adjustments, and how far each connection has synced.</summary>
public sealed class BooksQueries(IDbContextFactory<DashboardDbContext> dbFactory, SpendQueries spend, TimeProvider time)
{
    /// <summary>Every month from the first with spend to the current one, newest first.</summary>
    public async Task<IReadOnlyList<PeriodBooks>> MonthsAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var current = Period.Containing(PeriodKind.Monthly, today);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var first = await db.Rollups.Where(r => r.Grain == RollupGrain.Month && r.Basis != RollupBasis.UsageOnly).MinAsync(r => (DateOnly?)r.Date, cancellationToken);
        var books = await db.BookMonths.AsNoTracking().ToDictionaryAsync(m => m.Month, cancellationToken);
        var from = new[] { first ?? current.Start }.Concat(books.Keys).Min();
        return await ForAsync(db, Period.Containing(PeriodKind.Monthly, from), current, books, cancellationToken);
    }

    public async Task<PeriodBooks> MonthAsync(Period month, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var books = await db.BookMonths.AsNoTracking().Where(m => m.Month == month.Start).ToDictionaryAsync(m => m.Month, cancellationToken);
        return (await ForAsync(db, month, month, books, cancellationToken)).Single();
    }

    /// <summary>Adjustments booked in <paramref name="bookedIn"/> and/or correcting <paramref name="restating"/>, largest first.</summary>
    public async Task<IReadOnlyList<AdjustmentLine>> AdjustmentsAsync(Period? bookedIn, Period? restating, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var q = db.CostRecords.AsNoTracking().Where(r => r.RestatedDate != null);
        if (bookedIn is { } b) q = q.Where(r => r.UsageDate >= b.Start && r.UsageDate <= b.End);
        if (restating is { } m) q = q.Where(r => r.RestatedDate >= m.Start && r.RestatedDate <= m.End);
        var rows = await q
            .GroupBy(r => new { r.RestatedDate!.Value.Year, r.RestatedDate.Value.Month, r.UsageDate, r.OrgUnitId, r.Provider, r.Model })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.UsageDate, g.Key.OrgUnitId, g.Key.Provider, g.Key.Model, Cost = g.Sum(r => r.CostMicros) })
            .ToListAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        return rows.Where(r => r.Cost != 0)
            .Select(r => new AdjustmentLine(Period.Month(r.Year, r.Month), r.UsageDate, r.OrgUnitId,
                r.OrgUnitId is { } id ? tree.Find(id)?.Name ?? $"unit {id}" : "Unallocated", r.OrgUnitId is { } u ? tree.Find(u)?.Code : null,
                r.Provider, r.Model, r.Cost))
            .OrderByDescending(l => l.FoundOn).ThenByDescending(l => Math.Abs(l.CostMicros)).ThenBy(l => l.OrgUnit, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Each enabled connection's name and the last day a successful run covered (null: never synced).</summary>
    public async Task<IReadOnlyDictionary<string, DateOnly?>> SyncedThroughAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var through = await db.SyncRuns.AsNoTracking().Where(r => r.Status == SyncRunStatus.Succeeded)
            .GroupBy(r => r.ConnectionId).Select(g => new { g.Key, To = g.Max(r => r.WindowTo) })
            .ToDictionaryAsync(x => x.Key, x => x.To, cancellationToken);
        var connections = await db.Connections.AsNoTracking().Where(c => c.Enabled).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        return connections.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Select(c => through.TryGetValue(c.Id, out var t) ? (DateOnly?)t : null).Min());
    }

    private async Task<IReadOnlyList<PeriodBooks>> ForAsync(DashboardDbContext db, Period from, Period to, IReadOnlyDictionary<DateOnly, BookMonth> books, CancellationToken cancellationToken)
    {
        var totals = (await spend.QueryAsync(new SpendQuery(from.Start, to.End, [SpendDimension.Month]), cancellationToken))
            .ToDictionary(r => r.Key.Day!.Value, r => r.CostMicros);
        var adjustments = db.CostRecords.AsNoTracking().Where(r => r.RestatedDate != null);
        var restated = (await adjustments.Where(r => r.RestatedDate >= from.Start && r.RestatedDate <= to.End)
                .GroupBy(r => new { r.RestatedDate!.Value.Year, r.RestatedDate.Value.Month }).Select(g => new { g.Key.Year, g.Key.Month, Cost = g.Sum(r => r.CostMicros) })
                .ToListAsync(cancellationToken))
            .ToDictionary(x => new DateOnly(x.Year, x.Month, 1), x => x.Cost);
        var booked = (await adjustments.Where(r => r.UsageDate >= from.Start && r.UsageDate <= to.End)
                .GroupBy(r => new { r.UsageDate.Year, r.UsageDate.Month }).Select(g => new { g.Key.Year, g.Key.Month, Cost = g.Sum(r => r.CostMicros) })
                .ToListAsync(cancellationToken))
            .ToDictionary(x => new DateOnly(x.Year, x.Month, 1), x => x.Cost);
        var months = new List<PeriodBooks>();
        for (var m = to; m.Start >= from.Start; m = m.Previous())
        {
            months.Add(new PeriodBooks(m, books.GetValueOrDefault(m.Start), totals.GetValueOrDefault(m.Start),
                restated.GetValueOrDefault(m.Start), booked.GetValueOrDefault(m.Start)));
        }
        return months;
    }
}
