using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class ForecastTests
{
    // November 2026: the 1st is a Sunday; 30 days, 21 weekdays and 9 weekend days.
    private static readonly Period November = Period.Month(2026, 11);
    private const long D = Money.MicrosPerUnit;

    private static Dictionary<DateOnly, long> Spend(DateOnly through, long weekday, long weekend) =>
        Enumerable.Range(0, through.Day).Select(i => November.Start.AddDays(i))
            .ToDictionary(d => d, d => Forecast.IsWeekend(d) ? weekend : weekday);

    [Fact]
    public void Weekdays_and_weekend_days_are_projected_at_their_own_rates()
    {
        var today = new DateOnly(2026, 11, 10); // 10 days seen: 7 weekdays, 3 weekend days
        var f = Forecast.For(November, today, Spend(today, 100 * D, 20 * D));

        f.ActualMicros.ShouldBe((7 * 100 + 3 * 20) * D);
        // 20 days remain: 14 weekdays and 6 weekend days.
        f.ForecastMicros.ShouldBe(f.ActualMicros + (14 * 100 + 6 * 20) * D);
        f.Explanation.ShouldContain("$100.00 per weekday (7 seen)");
        f.Explanation.ShouldContain("$20.00 per weekend day (3 seen)");
        f.Explanation.ShouldContain("14 remaining weekdays and 6 weekend days");
    }

    [Fact]
    public void A_flat_run_rate_would_overshoot_where_weekends_are_quiet()
    {
        var today = new DateOnly(2026, 11, 6); // Sun, then Mon–Fri: weekend-light start
        var f = Forecast.For(November, today, Spend(today, 100 * D, 10 * D));
        var flat = f.ActualMicros / 6 * 30;
        f.ForecastMicros!.Value.ShouldBeLessThan(flat);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void There_is_no_forecast_before_day_three(int day)
    {
        var today = new DateOnly(2026, 11, day);
        var f = Forecast.For(November, today, Spend(today, 100 * D, 100 * D));
        f.Available.ShouldBeFalse();
        f.Explanation.ShouldBe($"No forecast before day 3 of the period: {day} day{(day == 1 ? "" : "s")} of data so far.");
    }

    [Fact]
    public void With_no_weekend_seen_yet_the_weekday_rate_is_used_and_said()
    {
        var december = Period.Month(2026, 12); // Tuesday the 1st
        var today = new DateOnly(2026, 12, 3);
        var daily = Enumerable.Range(0, 3).ToDictionary(i => december.Start.AddDays(i), _ => 50 * D);
        var f = Forecast.For(december, today, daily);
        f.ForecastMicros.ShouldBe(31 * 50 * D);
        f.Explanation.ShouldContain("none seen yet, so the weekday rate is used");
    }

    [Fact]
    public void On_the_last_day_the_forecast_is_the_actual()
    {
        var today = new DateOnly(2026, 11, 30);
        var f = Forecast.For(November, today, Spend(today, 7 * D, 3 * D));
        f.ForecastMicros.ShouldBe(f.ActualMicros);
    }
}
