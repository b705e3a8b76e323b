namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Flags days far above the trailing 28-day baseline of the same kind of day (weekdays against weekdays,
/// weekends against weekends, so that Monday is not an anomaly after a quiet weekend). The baseline is the
/// median; "far" is robust: more than five scaled median absolute deviations, at least 50 % above the median
/// and at least a minimum amount, so that steady noise and tiny units are never flagged. Only days with data
/// count as history: a unit's first busy days are not anomalies against the empty days before it existed.
/// </summary>
public static class AnomalyDetector
{
    public const int TrailingDays = 28;
    public const int MinimumHistory = 6;
    public const long MinimumAboveNormalMicros = 5 * Money.MicrosPerUnit;
    private const decimal MadToSigma = 1.4826m;

    public static IEnumerable<Anomaly> Detect(IReadOnlyDictionary<DateOnly, long> daily, DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var weekend = Forecast.IsWeekend(day);
            var history = Enumerable.Range(1, TrailingDays)
                .Select(i => day.AddDays(-i))
                .Where(d => Forecast.IsWeekend(d) == weekend && daily.ContainsKey(d))
                .Select(d => daily[d])
                .ToList();
            if (history.Count < MinimumHistory || history.All(v => v == 0)) continue;

            var median = Median(history);
            var mad = Median(history.Select(v => Math.Abs(v - median)).ToList());
            var actual = daily.GetValueOrDefault(day);
            var threshold = median + Math.Max(Math.Max(5 * MadToSigma * mad, 0.5m * median), MinimumAboveNormalMicros);
            if (actual > threshold)
            {
                yield return new Anomaly(day, actual, (long)decimal.Round(median, 0, MidpointRounding.ToEven));
            }
        }
    }

    private static decimal Median(IReadOnlyList<long> values) => Median(values.Select(v => (decimal)v).ToList());

    private static decimal Median(List<decimal> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
