using System.Globalization;

namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A budget's alert thresholds in percent (1–1000, at most ten, kept sorted) and the rule for which one fires:
/// the highest threshold that actual spend has reached, and only when it is above every threshold already alerted
/// in the period. So each threshold fires once per period, a jump past several sends one alert, and moving a
/// threshold below one that already fired never fires again.
/// </summary>
public static class BudgetThresholds
{
    public const int Min = 1;
    public const int Max = 1000;
    public const int MaxCount = 10;
    public const string Default = "50,80,100";

    /// <summary>Parses "50, 80, 100"; null with an error message when it is not a valid list.</summary>
    public static IReadOnlyList<int>? TryParse(string? text, out string? error)
    {
        error = null;
        var parts = (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new SortedSet<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < Min or > Max)
            {
                error = $"'{part}' is not a whole percentage from {Min} to {Max}.";
                return null;
            }
            if (!values.Add(value))
            {
                error = $"{value} % is listed twice.";
                return null;
            }
        }
        if (values.Count > MaxCount)
        {
            error = $"Use at most {MaxCount} thresholds.";
            return null;
        }
        return values.ToList();
    }

    public static IReadOnlyList<int> Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException(error);

    public static string Format(IEnumerable<int> thresholds) => string.Join(",", thresholds.Order());

    /// <summary>The highest threshold that <paramref name="actualMicros"/> has reached, if any.</summary>
    public static int? HighestReached(IEnumerable<int> thresholds, long actualMicros, long budgetMicros)
    {
        if (budgetMicros <= 0) return null;
        int? highest = null;
        foreach (var t in thresholds)
        {
            if ((Int128)actualMicros * 100 >= (Int128)budgetMicros * t && (highest is null || t > highest)) highest = t;
        }
        return highest;
    }

    /// <summary>The threshold to alert now, given the highest level already alerted in the period (0 for none).</summary>
    public static int? ToFire(IEnumerable<int> thresholds, long actualMicros, long budgetMicros, int highestAlerted) =>
        HighestReached(thresholds, actualMicros, budgetMicros) is { } reached && reached > highestAlerted ? reached : null;
}
