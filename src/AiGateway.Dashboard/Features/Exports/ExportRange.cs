using System.Globalization;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Exports;

/// <summary>
/// The date range of an export, as the API and the Reports page both read it: one rule and one message, so the page
/// says before the download what the API would refuse.
/// </summary>
public static class ExportRange
{
    public static string Hint => $"Send from=YYYY-MM-DD&to=YYYY-MM-DD (to inclusive, not before from, at most {CostExport.MaxDays} days, from {DateLimits.Earliest:yyyy-MM-dd} to {DateLimits.YearsAhead} years ahead).";

    /// <summary>The window, or what is wrong with the two dates in a person's words.</summary>
    public static (DateWindow? Window, string? Problem) Parse(string? from, string? to, DateOnly today)
    {
        if (!TryDay(from, out var f)) return (null, $"From '{from}' is not a date: write it as YYYY-MM-DD.");
        if (!TryDay(to, out var t)) return (null, $"To '{to}' is not a date: write it as YYYY-MM-DD.");
        if (DateLimits.Problem(f, today) is { } early) return (null, $"From: {early}");
        if (DateLimits.Problem(t, today) is { } late) return (null, $"To: {late}");
        if (t < f) return (null, $"To ({t:yyyy-MM-dd}) is before From ({f:yyyy-MM-dd}).");
        var days = t.DayNumber - f.DayNumber + 1;
        if (days > CostExport.MaxDays) return (null, $"{days:N0} days is more than one export holds ({CostExport.MaxDays} days): split the range.");
        return (new DateWindow(f, t), null);
    }

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
