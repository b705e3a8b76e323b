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

    /// <summary>
    /// Two typed dates (YYYY-MM-DD, To inclusive) as a window of at most <paramref name="maxDays"/> days, or what is wrong
    /// with them in a person's words; <paramref name="tooLong"/> says why a longer range is refused where it is used.
    /// </summary>
    public static (DateWindow? Window, string? Problem) ParseRange(string? from, string? to, DateOnly today, int maxDays, Func<int, string> tooLong)
    {
        var (first, fromProblem) = Day(from, "From");
        if (first is not { } f) return (null, fromProblem);
        var (last, toProblem) = Day(to, "To");
        if (last is not { } t) return (null, toProblem);
        if (Problem(f, today) is { } early) return (null, $"From: {early}");
        if (Problem(t, today) is { } late) return (null, $"To: {late}");
        if (t < f) return (null, $"To ({t:yyyy-MM-dd}) is before From ({f:yyyy-MM-dd}).");
        var days = t.DayNumber - f.DayNumber + 1;
        return days > maxDays ? (null, tooLong(days)) : (new DateWindow(f, t), null);
    }

    private static (DateOnly? Day, string? Problem) Day(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? (null, $"Choose a {name} date.")
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? (d, null)
        : (null, $"{name} '{text}' is not a date: write it as YYYY-MM-DD.");

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
