namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The dates anyone may send (query strings, CSV lines, JSON): from 2000-01-01 to five years after today (UTC).
/// Anything outside is a typo or a probe, refused with the parameter named instead of reaching date arithmetic.
/// </summary>
public static class DateLimits
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public const int YearsAhead = 5;

    public static DateOnly Latest(DateOnly today) => today.AddYears(YearsAhead);

    public static DateWindow Allowed(DateOnly today) => new(Earliest, Latest(today));

    /// <summary>Null when the day is acceptable, else the reason in plain words.</summary>
    public static string? Problem(DateOnly day, DateOnly today) =>
        Allowed(today).Contains(day) ? null : $"{day:yyyy-MM-dd} is outside the dates accepted here ({Earliest:yyyy-MM-dd} to {Latest(today):yyyy-MM-dd}).";

    /// <summary>The window clamped into the accepted dates and to at most <paramref name="maxDays"/> days (its end kept).</summary>
    public static DateWindow Clamp(DateWindow window, DateOnly today, int maxDays)
    {
        var allowed = Allowed(today);
        var to = window.To > allowed.To ? allowed.To : window.To < allowed.From ? allowed.From : window.To;
        var from = window.From < allowed.From ? allowed.From : window.From > to ? to : window.From;
        if (to.DayNumber - from.DayNumber + 1 > maxDays) from = to.AddDays(-(maxDays - 1));
        return new DateWindow(from, to);
    }
}
