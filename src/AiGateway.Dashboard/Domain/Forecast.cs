using System.Globalization;

namespace AiGateway.Dashboard.Domain;

/// <summary>A period-end projection with the plain-words reasoning behind it, or why there is none yet.</summary>
public sealed record Forecast(Period Period, long ActualMicros, long? ForecastMicros, string Explanation)
{
    public const int MinimumDays = 3;

    public bool Available => ForecastMicros is not null;

    /// <summary>
    /// Run-rate of the period so far, weekday/weekend aware: the average weekday and weekend day seen so far,
    /// applied to the weekdays and weekend days that remain. Needs at least <see cref="MinimumDays"/> days.
    /// </summary>
    /// <param name="daily">Spend per UTC day of the period so far; a missing day spent nothing.</param>
    public static Forecast For(Period period, DateOnly today, IReadOnlyDictionary<DateOnly, long> daily)
    {
        var elapsed = period.DaysElapsed(today);
        var days = Enumerable.Range(0, elapsed).Select(i => period.Start.AddDays(i)).ToList();
        var actual = days.Sum(d => daily.GetValueOrDefault(d));
        if (elapsed < MinimumDays)
        {
            return new Forecast(period, actual, null,
                $"No forecast before day {MinimumDays} of the period: {elapsed} day{(elapsed == 1 ? "" : "s")} of data so far.");
        }

        var weekdays = days.Where(d => !IsWeekend(d)).ToList();
        var weekends = days.Where(IsWeekend).ToList();
        decimal weekdayRate = weekdays.Count == 0 ? 0 : (decimal)weekdays.Sum(d => daily.GetValueOrDefault(d)) / weekdays.Count;
        decimal weekendRate = weekends.Count == 0 ? weekdayRate : (decimal)weekends.Sum(d => daily.GetValueOrDefault(d)) / weekends.Count;
        if (weekdays.Count == 0) weekdayRate = weekendRate;

        var remaining = Enumerable.Range(1, period.Days - elapsed).Select(i => today.AddDays(i)).Where(period.Contains).ToList();
        var remainingWeekdays = remaining.Count(d => !IsWeekend(d));
        var remainingWeekends = remaining.Count - remainingWeekdays;
        var forecast = actual + (long)decimal.Round(remainingWeekdays * weekdayRate + remainingWeekends * weekendRate, 0, MidpointRounding.ToEven);

        var explanation =
            $"{Money.OfUsd(actual).Format()} spent in the first {elapsed} days: on average {Money.OfUsd((long)weekdayRate).Format()} per weekday " +
            $"({weekdays.Count} seen) and {Money.OfUsd((long)weekendRate).Format()} per weekend day " +
            (weekends.Count == 0 ? "(none seen yet, so the weekday rate is used)" : $"({weekends.Count} seen)") +
            $". The {remainingWeekdays} remaining weekday{(remainingWeekdays == 1 ? "" : "s")} and {remainingWeekends} weekend day{(remainingWeekends == 1 ? "" : "s")} " +
            $"are added at those rates: {Money.OfUsd(forecast).Format()} by {period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (UTC).";
        return new Forecast(period, actual, forecast, explanation);
    }

    public static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
