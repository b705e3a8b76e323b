using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// Locks a shared database holds for the transaction that takes them, seen by every node: PostgreSQL's
/// <c>pg_advisory_xact_lock</c>, SQL Server's <c>sp_getapplock</c> (owner: the transaction). Both end with the transaction,
/// also when its process dies.
/// </summary>
public static class DatabaseLocks
{
    /// <summary>Lock spaces: a fixed high half, the locked thing's id below it.</summary>
    public const long Reservations = 0x52535256L << 32; // "RSRV"
    public const long Syncs = 0x53594E43L << 32; // "SYNC"
    public const long Estimates = 0x45535449L << 32; // "ESTI"

    /// <summary>Waits for the lock <paramref name="space"/> + <paramref name="id"/>, held until the open transaction of <paramref name="db"/> ends.</summary>
    public static async Task TakeAsync(DashboardDbContext db, long space, int id, CancellationToken cancellationToken)
    {
        var key = space + id;
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        else if (db.Database.IsSqlServer())
            await db.Database.ExecuteSqlAsync($"EXEC sp_getapplock @Resource = {"aigw-" + key}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000", cancellationToken);
        else
            throw new InvalidOperationException("SQLite has one process: its decisions are taken in memory, not under a database lock.");
    }
}
