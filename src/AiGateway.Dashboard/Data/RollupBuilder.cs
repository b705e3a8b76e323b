using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// Rebuilds rollups from the facts with set-based SQL that reads the same on SQLite and SQL Server:
/// the day grain of a connection's window from its cost records, then the month grain of every month the
/// window touches from the day grain. Facts count on both bases; a prior-period adjustment is rolled up on the
/// day it was booked (<see cref="RollupBasis.BookedOnly"/>) and on the day it corrects
/// (<see cref="RollupBasis.UsageOnly"/>). Runs inside the caller's transaction.
/// </summary>
public static class RollupBuilder
{
    private const string Sums =
        "SUM(\"InputTokens\"), SUM(\"CachedInputTokens\"), SUM(\"CacheWriteTokens\"), SUM(\"OutputTokens\"), SUM(\"Requests\"), SUM(\"CostMicros\")";
    private const string Columns =
        "\"Grain\", \"Date\", \"ConnectionId\", \"Provider\", \"Model\", \"ProjectId\", \"OrgUnitId\", \"Kind\", \"Basis\", " +
        "\"InputTokens\", \"CachedInputTokens\", \"CacheWriteTokens\", \"OutputTokens\", \"Requests\", \"CostMicros\"";

    // (basis, the day column the rows count on, which rows)
    private static readonly (RollupBasis Basis, string Day, string Rows)[] DayParts =
    [
        (RollupBasis.Both, "\"UsageDate\"", "\"RestatedDate\" IS NULL"),
        (RollupBasis.BookedOnly, "\"UsageDate\"", "\"RestatedDate\" IS NOT NULL"),
        (RollupBasis.UsageOnly, "\"RestatedDate\"", "\"RestatedDate\" IS NOT NULL"),
    ];

    public static async Task RebuildAsync(DashboardDbContext db, int connectionId, DateWindow window, CancellationToken cancellationToken)
    {
        await db.Rollups.Where(r => r.ConnectionId == connectionId && r.Grain == RollupGrain.Day && r.Date >= window.From && r.Date <= window.To)
            .ExecuteDeleteAsync(cancellationToken);
        foreach (var (basis, day, rows) in DayParts)
        {
            // Only this class's constants are concatenated; every value is a parameter.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"SpendRollups\" ({Columns}) " +
                $"SELECT 0, {day}, \"ConnectionId\", \"Provider\", \"Model\", COALESCE(\"ProjectId\", ''), \"OrgUnitId\", \"Kind\", {(int)basis}, {Sums} " +
                $"FROM \"CostRecords\" WHERE \"ConnectionId\" = {{0}} AND {rows} AND {day} >= {{1}} AND {day} <= {{2}} " +
                $"GROUP BY {day}, \"ConnectionId\", \"Provider\", \"Model\", COALESCE(\"ProjectId\", ''), \"OrgUnitId\", \"Kind\"",
                [connectionId, window.From, window.To], cancellationToken);
#pragma warning restore EF1003
        }

        for (var month = Period.Containing(PeriodKind.Monthly, window.From); month.Start <= window.To; month = month.Next())
        {
            await db.Rollups.Where(r => r.ConnectionId == connectionId && r.Grain == RollupGrain.Month && r.Date == month.Start)
                .ExecuteDeleteAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"SpendRollups\" ({Columns}) " +
                $"SELECT 1, {{3}}, \"ConnectionId\", \"Provider\", \"Model\", \"ProjectId\", \"OrgUnitId\", \"Kind\", \"Basis\", {Sums} " +
                "FROM \"SpendRollups\" WHERE \"Grain\" = 0 AND \"ConnectionId\" = {0} AND \"Date\" >= {1} AND \"Date\" <= {2} " +
                "GROUP BY \"ConnectionId\", \"Provider\", \"Model\", \"ProjectId\", \"OrgUnitId\", \"Kind\", \"Basis\"",
                [connectionId, month.Start, month.End, month.Start], cancellationToken);
        }
    }

    /// <summary>Rebuilds each of <paramref name="windows"/> (overlaps are harmless, only slower).</summary>
    public static async Task RebuildAsync(DashboardDbContext db, int connectionId, IEnumerable<DateWindow> windows, CancellationToken cancellationToken)
    {
        foreach (var window in windows.Distinct()) await RebuildAsync(db, connectionId, window, cancellationToken);
    }

    /// <summary>Every connection's whole history (after an allocation change or an upgrade).</summary>
    public static async Task RebuildAllAsync(DashboardDbContext db, CancellationToken cancellationToken)
    {
        var spans = await db.CostRecords.GroupBy(r => r.ConnectionId)
            .Select(g => new { ConnectionId = g.Key, From = g.Min(r => r.RestatedDate ?? r.UsageDate), To = g.Max(r => r.UsageDate) })
            .ToListAsync(cancellationToken);
        foreach (var span in spans)
        {
            await RebuildAsync(db, span.ConnectionId, new DateWindow(span.From, span.To), cancellationToken);
        }
    }
}
