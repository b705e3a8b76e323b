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
        var today = new DateOnly(2026, 11, 11); // 10 complete days: 7 weekdays, 3 weekend days; the 11th is running
        var f = Forecast.For(November, today, Spend(today, 100 * D, 20 * D));

        f.ActualMicros.ShouldBe((8 * 100 + 3 * 20) * D);
        // 20 days remain, today included: 14 weekdays and 6 weekend days.
        f.ForecastMicros.ShouldBe((7 * 100 + 3 * 20) * D + (14 * 100 + 6 * 20) * D);
        f.Explanation.ShouldContain("$100.00 per weekday (7 seen)");
        f.Explanation.ShouldContain("$20.00 per weekend day (3 seen)");
        f.Explanation.ShouldContain("14 remaining weekdays and 6 weekend days (today included");
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
    [InlineData(3)]
    public void There_is_no_forecast_before_three_complete_days(int day)
    {
        var today = new DateOnly(2026, 11, day);
        var f = Forecast.For(November, today, Spend(today, 100 * D, 100 * D));
        f.Available.ShouldBeFalse();
        f.Explanation.ShouldBe($"No forecast before 3 complete days of the period: {day - 1} so far (today, still running, does not count).");
    }

    [Fact]
    public void The_running_day_is_left_out_of_the_rates_however_small_it_is_so_far()
    {
        var today = new DateOnly(2026, 11, 11);
        var daily = Spend(today, 100 * D, 100 * D);
        daily[today] = 3 * D; // 08:00 UTC: a fraction of a day
        var f = Forecast.For(November, today, daily);
        f.ForecastMicros.ShouldBe(30 * 100 * D, "ten complete days at $100, and $100 for each of the 20 days from today");
        f.ActualMicros.ShouldBe(1_003 * D);
    }

    [Fact]
    public void With_no_weekend_seen_yet_the_weekday_rate_is_used_and_said()
    {
        var december = Period.Month(2026, 12); // Tuesday the 1st
        var today = new DateOnly(2026, 12, 4);
        var daily = Enumerable.Range(0, 4).ToDictionary(i => december.Start.AddDays(i), _ => 50 * D);
        var f = Forecast.For(december, today, daily);
        f.ForecastMicros.ShouldBe(31 * 50 * D);
        f.Explanation.ShouldContain("none seen yet, so the weekday rate is used");
    }

    [Fact]
    public void After_the_period_the_forecast_is_the_actual()
    {
        var f = Forecast.For(November, new DateOnly(2026, 12, 1), Spend(new DateOnly(2026, 11, 30), 7 * D, 3 * D));
        f.ForecastMicros.ShouldBe(f.ActualMicros);
    }
}
