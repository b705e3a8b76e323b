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
    public static (DateWindow? Window, string? Problem) Parse(string? from, string? to, DateOnly today) =>
        DateLimits.ParseRange(from, to, today, CostExport.MaxDays, days => $"{days:N0} days is more than one export holds ({CostExport.MaxDays} days): split the range.");
}
