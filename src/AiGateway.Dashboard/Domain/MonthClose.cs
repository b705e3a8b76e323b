namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The rules of closing a month, decided without a host: refused before the month has ended; before the
/// configured close day, or while a connection has not synced the whole month, allowed only with an explicit
/// confirmation (what was confirmed is recorded on the month).
/// </summary>
public static class MonthClose
{
    /// <summary>Why <paramref name="month"/> cannot be closed at all on <paramref name="today"/>, or null.</summary>
    public static string? Refusal(Period month, DateOnly today, BookMonth? books)
    {
        if (books is { Closed: true }) return $"{month.Label} is already closed.";
        if (today <= month.End) return $"{month.Label} has not ended yet: it can be closed from {month.End.AddDays(1):yyyy-MM-dd}.";
        return null;
    }

    /// <summary>
    /// What a person must confirm before <paramref name="month"/> closes: the close day not reached, and each
    /// enabled connection (name → the last day it has synced through) that has not synced the whole month, and rows of the
    /// month still waiting for an exchange rate (closed, they stay out of its totals).
    /// </summary>
    public static IReadOnlyList<string> Cautions(Period month, DateOnly today, int closeFromDay, IReadOnlyDictionary<string, DateOnly?> syncedThrough,
        IReadOnlyList<FxGap>? waitingForRates = null)
    {
        var cautions = new List<string>();
        var usualDay = month.End.AddDays(1).AddDays(Math.Max(1, closeFromDay) - 1);
        if (today < usualDay)
        {
            cautions.Add($"It is before day {closeFromDay} of the next month ({usualDay:yyyy-MM-dd}), when providers have usually restated {month.Label}.");
        }
        foreach (var (name, through) in syncedThrough.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (through is null || through < month.End)
            {
                cautions.Add(through is { } t
                    ? $"{name} has synced only through {t:yyyy-MM-dd}, not the whole of {month.Label}."
                    : $"{name} has never synced successfully.");
            }
        }
        if (waitingForRates is { Count: > 0 } gaps)
        {
            cautions.Add($"{gaps.Sum(g => g.Rows):N0} row(s) still wait for an exchange rate ({string.Join("; ", gaps.Take(3).Select(g => g.Describe()))}{(gaps.Count > 3 ? "; …" : "")}): closed now, they stay out of the totals of {month.Label}.");
        }
        return cautions;
    }

    /// <summary>Why a closed month cannot be reopened, or null: adjustments to it booked in a month that is itself closed.</summary>
    public static string? ReopenRefusal(Period month, BookMonth? books, IReadOnlyCollection<DateOnly> closedBookingMonths)
    {
        if (books is not { Closed: true }) return $"{month.Label} is not closed.";
        if (closedBookingMonths.Count > 0)
        {
            var months = string.Join(", ", closedBookingMonths.Order().Select(m => m.ToString("yyyy-MM")));
            return $"Adjustments to {month.Label} are booked in {months}, which is closed; reopen that month first.";
        }
        return null;
    }
}
