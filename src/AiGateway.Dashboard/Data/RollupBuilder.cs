using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// Rebuilds rollups from the facts with set-based SQL that reads the same on SQLite and SQL Server:
/// the day grain of a connection's window from its cost records, then the month grain of every month the
/// window touches from the day grain. Facts count on both bases; a prior-period adjustment is rolled up on the
/// day it was booked (<see cref="RollupBasis.BookedOnly"/>) and on the day it corrects
/// (<see cref="RollupBasis.UsageOnly"/>). The lean grains are summed from the full day grain, and each month grain
/// from its day grain. Runs inside the caller's transaction.
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

    // The lean grains (decision 023), each summed from the full day grain: (grain, its provider, model, project and
    // org unit: a column or the empty value, the columns it keeps). Constants stay out of GROUP BY (PostgreSQL reads a
    // number there as a column position, SQL Server refuses them).
    private static readonly (RollupGrain Grain, string Dimensions, string Kept)[] LeanDays =
    [
        (RollupGrain.ModelDay, "\"Provider\", \"Model\", '', NULL", "\"Provider\", \"Model\""),
        (RollupGrain.UnitDay, "0, '', '', \"OrgUnitId\"", "\"OrgUnitId\""),
    ];

    // Each month grain and the day grain it is summed from.
    private static readonly (RollupGrain Month, RollupGrain Day)[] Months =
        [(RollupGrain.Month, RollupGrain.Day), (RollupGrain.ModelMonth, RollupGrain.ModelDay), (RollupGrain.UnitMonth, RollupGrain.UnitDay)];

    private static readonly RollupGrain[] DayGrains = [RollupGrain.Day, RollupGrain.ModelDay, RollupGrain.UnitDay];
    private static readonly RollupGrain[] MonthGrains = [RollupGrain.Month, RollupGrain.ModelMonth, RollupGrain.UnitMonth];

    public static async Task RebuildAsync(DashboardDbContext db, int connectionId, DateWindow window, CancellationToken cancellationToken)
    {
        await db.Rollups.Where(r => r.ConnectionId == connectionId && DayGrains.Contains(r.Grain) && r.Date >= window.From && r.Date <= window.To)
            .ExecuteDeleteAsync(cancellationToken);
        // Only this class's constants are concatenated; every value is a parameter.
#pragma warning disable EF1003
        foreach (var (basis, day, rows) in DayParts)
        {
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"SpendRollups\" ({Columns}) " +
                $"SELECT 0, {day}, \"ConnectionId\", \"Provider\", \"Model\", COALESCE(\"ProjectId\", ''), \"OrgUnitId\", \"Kind\", {(int)basis}, {Sums} " +
                $"FROM \"CostRecords\" WHERE \"ConnectionId\" = {{0}} AND {rows} AND {day} >= {{1}} AND {day} <= {{2}} " +
                $"GROUP BY {day}, \"ConnectionId\", \"Provider\", \"Model\", COALESCE(\"ProjectId\", ''), \"OrgUnitId\", \"Kind\"",
                [connectionId, window.From, window.To], cancellationToken);
        }
        foreach (var (grain, dimensions, kept) in LeanDays)
        {
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"SpendRollups\" ({Columns}) " +
                $"SELECT {(int)grain}, \"Date\", \"ConnectionId\", {dimensions}, \"Kind\", \"Basis\", {Sums} " +
                "FROM \"SpendRollups\" WHERE \"Grain\" = 0 AND \"ConnectionId\" = {0} AND \"Date\" >= {1} AND \"Date\" <= {2} " +
                $"GROUP BY \"Date\", \"ConnectionId\", {kept}, \"Kind\", \"Basis\"",
                [connectionId, window.From, window.To], cancellationToken);
        }

        for (var month = Period.Containing(PeriodKind.Monthly, window.From); month.Start <= window.To; month = month.Next())
        {
            await db.Rollups.Where(r => r.ConnectionId == connectionId && MonthGrains.Contains(r.Grain) && r.Date == month.Start)
                .ExecuteDeleteAsync(cancellationToken);
            foreach (var (monthGrain, dayGrain) in Months)
            {
                await db.Database.ExecuteSqlRawAsync(
                    $"INSERT INTO \"SpendRollups\" ({Columns}) " +
                    $"SELECT {(int)monthGrain}, {{3}}, \"ConnectionId\", \"Provider\", \"Model\", \"ProjectId\", \"OrgUnitId\", \"Kind\", \"Basis\", {Sums} " +
                    $"FROM \"SpendRollups\" WHERE \"Grain\" = {(int)dayGrain} AND \"ConnectionId\" = {{0}} AND \"Date\" >= {{1}} AND \"Date\" <= {{2}} " +
                    "GROUP BY \"ConnectionId\", \"Provider\", \"Model\", \"ProjectId\", \"OrgUnitId\", \"Kind\", \"Basis\"",
                    [connectionId, month.Start, month.End, month.Start], cancellationToken);
            }
        }
#pragma warning restore EF1003
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
