namespace AiGateway.Dashboard.Domain;

/// <summary>The closed months, for splitting a range of days into the open parts (which may change) and the closed ones (which may not).</summary>
public sealed class ClosedMonths(IEnumerable<DateOnly> monthStarts)
{
    private readonly HashSet<DateOnly> months = monthStarts.Select(m => new DateOnly(m.Year, m.Month, 1)).ToHashSet();

    public static readonly ClosedMonths None = new([]);

    public bool Any => months.Count > 0;

    /// <summary>The earliest closed month's first day, or null.</summary>
    public DateOnly? First => months.Count > 0 ? months.Min() : null;

    public bool IsClosed(DateOnly day) => months.Contains(new DateOnly(day.Year, day.Month, 1));

    /// <summary>A period is closed when every month of it is.</summary>
    public bool IsClosed(Period period)
    {
        for (var m = period.Start; m <= period.End; m = m.AddMonths(1))
        {
            if (!IsClosed(m)) return false;
        }
        return true;
    }

    /// <summary>The window cut at month boundaries into runs of open (false) and closed (true) days, in order.</summary>
    public IReadOnlyList<(DateWindow Window, bool Closed)> Split(DateWindow window)
    {
        var parts = new List<(DateWindow Window, bool Closed)>();
        for (var start = window.From; start <= window.To;)
        {
            var monthEnd = new DateOnly(start.Year, start.Month, 1).AddMonths(1).AddDays(-1);
            var end = monthEnd < window.To ? monthEnd : window.To;
            var closed = IsClosed(start);
            if (parts.Count > 0 && parts[^1].Closed == closed) parts[^1] = (parts[^1].Window with { To = end }, closed);
            else parts.Add((new DateWindow(start, end), closed));
            start = end.AddDays(1);
        }
        return parts;
    }

    public IEnumerable<DateWindow> Open(DateWindow window) => Split(window).Where(p => !p.Closed).Select(p => p.Window);
}
