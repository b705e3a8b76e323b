using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class AnomalyDetectorTests
{
    private static readonly DateOnly Start = new(2026, 9, 1);
    private const long D = Money.MicrosPerUnit;

    // A steady weekly rhythm with ±15 % deterministic noise: quiet weekends, busy weekdays.
    private static Dictionary<DateOnly, long> Steady(int days) => Enumerable.Range(0, days).Select(i => Start.AddDays(i))
        .ToDictionary(d => d, d => (long)((Forecast.IsWeekend(d) ? 200 : 1_000) * D * (1 + 0.15 * Math.Sin(d.DayNumber * 1.3))));

    [Fact]
    public void A_steady_series_with_noise_and_weekends_is_never_flagged()
    {
        var series = Steady(90);
        AnomalyDetector.Detect(series, Start.AddDays(28), Start.AddDays(89)).ShouldBeEmpty();
    }

    [Fact]
    public void One_injected_spike_is_flagged_once_with_the_amount_above_normal()
    {
        var series = Steady(90);
        var spike = new DateOnly(2026, 11, 11); // a Wednesday
        series[spike] = 4_000 * D;

        var found = AnomalyDetector.Detect(series, Start.AddDays(28), Start.AddDays(89)).ToList();

        var anomaly = found.ShouldHaveSingleItem();
        anomaly.Date.ShouldBe(spike);
        anomaly.ActualMicros.ShouldBe(4_000 * D);
        anomaly.BaselineMicros.ShouldBeInRange(850 * D, 1_150 * D);
        anomaly.AboveNormalMicros.ShouldBe(anomaly.ActualMicros - anomaly.BaselineMicros);
    }

    [Fact]
    public void A_busy_monday_after_a_quiet_weekend_is_normal()
    {
        var series = Steady(60);
        var monday = Start.AddDays(55);
        while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(-1);
        AnomalyDetector.Detect(series, monday, monday).ShouldBeEmpty();
    }

    [Fact]
    public void Tiny_amounts_are_not_flagged_however_sharp_the_jump()
    {
        var series = Enumerable.Range(0, 40).ToDictionary(i => Start.AddDays(i), _ => 10_000L); // one cent a day
        series[Start.AddDays(35)] = 2 * D;
        AnomalyDetector.Detect(series, Start.AddDays(30), Start.AddDays(39)).ShouldBeEmpty();
    }

    [Fact]
    public void Without_enough_history_nothing_is_judged() =>
        AnomalyDetector.Detect(new Dictionary<DateOnly, long> { [Start] = 1_000 * D, [Start.AddDays(1)] = 90_000 * D }, Start, Start.AddDays(1)).ShouldBeEmpty();
}
