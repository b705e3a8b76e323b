namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Which days a sync run re-pulls (DESIGN.md §4): [last complete day − overlap, today]; the first run
/// backfills; until the 10th of a month the previous month is re-pulled too, then it is closed.
/// </summary>
public static class SyncWindowPlanner
{
    public const int PreviousMonthClosesOnDay = 10;

    /// <param name="lastSyncedTo">End of the last successful run's window, or null before the first run.</param>
    public static DateWindow Plan(DateOnly today, DateOnly? lastSyncedTo, int backfillDays, int overlapDays)
    {
        if (backfillDays < 1) throw new ArgumentOutOfRangeException(nameof(backfillDays), backfillDays, "Backfill at least one day.");
        if (overlapDays < 0) throw new ArgumentOutOfRangeException(nameof(overlapDays), overlapDays, "Overlap cannot be negative.");

        DateOnly from;
        if (lastSyncedTo is null)
        {
            from = today.AddDays(-(backfillDays - 1));
        }
        else
        {
            var lastCompleteDay = lastSyncedTo.Value < today ? lastSyncedTo.Value : today.AddDays(-1);
            from = lastCompleteDay.AddDays(-overlapDays);
            // A connection idle for long catches up over its backfill period, not over all of history.
            var oldest = today.AddDays(-(backfillDays - 1));
            if (from < oldest) from = oldest;
            if (today.Day < PreviousMonthClosesOnDay)
            {
                var previousMonthStart = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
                if (previousMonthStart < from) from = previousMonthStart;
            }
        }
        return new DateWindow(from, today);
    }

    /// <summary>Why a re-pull of <paramref name="range"/> asked for on <paramref name="today"/> is not allowed (and which end is wrong), or null.</summary>
    public static (string Parameter, string Message)? RangeProblem(DateWindow range, DateOnly today, int backfillDays)
    {
        var oldest = today.AddDays(-(backfillDays - 1));
        if (range.From > range.To) return ("from", $"'from' ({range.From:yyyy-MM-dd}) is after 'to' ({range.To:yyyy-MM-dd}).");
        if (range.To > today) return ("to", $"'to' ({range.To:yyyy-MM-dd}) is in the future; the last day there can be data for is {today:yyyy-MM-dd}.");
        if (range.From < oldest) return ("from", $"'from' ({range.From:yyyy-MM-dd}) is before the connection's backfill limit of {backfillDays} days ({oldest:yyyy-MM-dd}).");
        return null;
    }
}
