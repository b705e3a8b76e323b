using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// Reservations on a database several nodes share (PostgreSQL, SQL Server), where the database decides, not a process's memory
/// (decision 020). A reservation takes a transaction-scoped lock on its top unit's tree (<c>pg_advisory_xact_lock</c>,
/// <c>sp_getapplock</c>), reads the open reservations every node committed, decides and writes in that one transaction; a
/// release or a settle is a conditional update, so it counts at once on every node.
/// </summary>
internal sealed class SharedReservations(IDbContextFactory<DashboardDbContext> dbFactory, BudgetSnapshot snapshot)
{
    /// <summary>Runs <paramref name="decide"/> in a transaction that holds the tree's lock; what it adds is written before the lock is let go.</summary>
    public async Task<T> UnderLockAsync<T>(int treeId, Func<DashboardDbContext, Task<T>> decide, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await DatabaseLocks.TakeAsync(db, DatabaseLocks.Reservations, treeId, cancellationToken);
        var result = await decide(db);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>The open reservations of every node, by unit subtree and day.</summary>
    public async Task<ReservedIndex> OpenAsync(DashboardDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var open = await db.BudgetReservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Open && r.ExpiresUtc > now && r.OrgUnitId != null)
            .Select(r => new { r.OrgUnitId, r.CreatedUtc, r.AmountMicros })
            .ToListAsync(cancellationToken);
        var index = new ReservedIndex();
        foreach (var r in open) index.Add(snapshot.Lineage(r.OrgUnitId!.Value), DateOnly.FromDateTime(r.CreatedUtc), r.AmountMicros);
        return index;
    }

    public async Task<ReservedIndex> OpenAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OpenAsync(db, now, cancellationToken);
    }

    public async Task<int> OpenCountAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BudgetReservations.CountAsync(r => r.Status == ReservationStatus.Open && r.ExpiresUtc > now, cancellationToken);
    }

    /// <summary>Ends an open reservation; its state as stored, or null when none is held under that id (never made, or expired).</summary>
    public async Task<BudgetReservation?> CloseAsync(string id, ReservationStatus status, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.BudgetReservations.Where(r => r.Id == id && r.Status == ReservationStatus.Open && r.ExpiresUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.ClosedUtc, now), cancellationToken);
        var stored = await db.BudgetReservations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return stored is null || (stored.Status == ReservationStatus.Open && !stored.IsOpenAt(now)) ? null : stored;
    }

    public async Task SettleAsync(IReadOnlyCollection<string> ids, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(1_000))
        {
            await db.BudgetReservations.Where(r => chunk.Contains(r.Id) && r.Status == ReservationStatus.Open && r.ExpiresUtc > now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Settled).SetProperty(r => r.ClosedUtc, now), cancellationToken);
        }
    }
}
