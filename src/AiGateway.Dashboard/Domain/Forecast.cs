using System.Globalization;

namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A period-end projection with the plain-words reasoning behind it, or why there is none yet. Only complete UTC
/// days feed the rates: the current day is still running, so it is replaced by a full day at the rate.
/// </summary>
public sealed record Forecast(Period Period, long ActualMicros, long? ForecastMicros, string Explanation)
{
    public const int MinimumDays = 3;

    public bool Available => ForecastMicros is not null;

    /// <summary>Spend of the complete days (the actual less the running day).</summary>
    public long CompleteMicros { get; private init; }

    /// <summary>The first day the rates project (today when the period is running), and the rates.</summary>
    public DateOnly FirstProjectedDay { get; private init; }

    public decimal WeekdayRate { get; private init; }

    public decimal WeekendRate { get; private init; }

    /// <summary>
    /// Run-rate of the period's complete days, weekday/weekend aware: the average complete weekday and weekend day,
    /// applied to the days that remain (today's unfinished day included). Needs at least <see cref="MinimumDays"/>
    /// complete days.
    /// </summary>
    /// <param name="daily">Spend per UTC day of the period so far; a missing day spent nothing.</param>
    public static Forecast For(Period period, DateOnly today, IReadOnlyDictionary<DateOnly, long> daily)
    {
        var elapsed = period.DaysElapsed(today);
        var running = period.Contains(today);
        var completeCount = running ? elapsed - 1 : elapsed;
        var days = Enumerable.Range(0, completeCount).Select(i => period.Start.AddDays(i)).ToList();
        var complete = days.Sum(d => daily.GetValueOrDefault(d));
        var actual = complete + (running ? daily.GetValueOrDefault(today) : 0);
        if (completeCount < MinimumDays)
        {
            return new Forecast(period, actual, null,
                $"No forecast before {MinimumDays} complete days of the period: {completeCount} so far (today, still running, does not count).")
            { CompleteMicros = complete };
        }

        var weekdays = days.Where(d => !IsWeekend(d)).ToList();
        var weekends = days.Where(IsWeekend).ToList();
        decimal weekdayRate = weekdays.Count == 0 ? 0 : (decimal)weekdays.Sum(d => daily.GetValueOrDefault(d)) / weekdays.Count;
        decimal weekendRate = weekends.Count == 0 ? weekdayRate : (decimal)weekends.Sum(d => daily.GetValueOrDefault(d)) / weekends.Count;
        if (weekdays.Count == 0) weekdayRate = weekendRate;

        var firstProjected = period.Start.AddDays(completeCount);
        var remaining = Enumerable.Range(0, period.Days - completeCount).Select(i => firstProjected.AddDays(i)).ToList();
        var remainingWeekdays = remaining.Count(d => !IsWeekend(d));
        var remainingWeekends = remaining.Count - remainingWeekdays;
        var projected = complete + (long)decimal.Round(remainingWeekdays * weekdayRate + remainingWeekends * weekendRate, 0, MidpointRounding.ToEven);
        var forecast = Math.Max(actual, projected);

        var explanation =
            $"{Money.Reporting(complete).Format()} spent in the first {completeCount} complete days: on average {Money.Reporting((long)weekdayRate).Format()} per weekday " +
            $"({weekdays.Count} seen) and {Money.Reporting((long)weekendRate).Format()} per weekend day " +
            (weekends.Count == 0 ? "(none seen yet, so the weekday rate is used)" : $"({weekends.Count} seen)") +
            $". The {remainingWeekdays} remaining weekday{(remainingWeekdays == 1 ? "" : "s")} and {remainingWeekends} weekend day{(remainingWeekends == 1 ? "" : "s")} " +
            (running ? "(today included, as it is still running) " : "") +
            $"are added at those rates: {Money.Reporting(forecast).Format()} by {period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (UTC).";
        return new Forecast(period, actual, forecast, explanation)
        {
            CompleteMicros = complete, FirstProjectedDay = firstProjected, WeekdayRate = weekdayRate, WeekendRate = weekendRate,
        };
    }

    /// <summary>
    /// The day the budget runs out at the forecast's rates (the same rule as the state: it runs out within the
    /// period exactly when the forecast is above it); null without a forecast or when it lasts the period.
    /// </summary>
    public DateOnly? ExhaustionDay(long budgetMicros)
    {
        if (!Available) return null;
        var spent = (decimal)CompleteMicros;
        for (var day = FirstProjectedDay; day <= Period.End; day = day.AddDays(1))
        {
            spent += IsWeekend(day) ? WeekendRate : WeekdayRate;
            if (decimal.Round(spent, 0, MidpointRounding.ToEven) > budgetMicros) return day;
        }
        // Rounding the whole rather than each day can differ by a micro-unit: the forecast decides.
        return ForecastMicros > budgetMicros ? Period.End : null;
    }

    public static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
