using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Simulated;

/// <summary>
/// The demo's EUR→USD reference rates: one per business day (none on weekends, as the ECB), deterministic, between
/// 1.0500 and 1.0896. The simulated Azure rows are billed in EUR at these rates, and the demo seed stores them, so
/// the conversion path shows on the first run.
/// </summary>
public static class SimulatedFx
{
    public static bool IsBusinessDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static decimal EurUsd(DateOnly businessDay) => 1.0500m + 0.0004m * ((businessDay.DayNumber * 7919L) % 100);

    /// <summary>The rate a day is converted at: its own, or the latest earlier business day's.</summary>
    public static decimal RateFor(DateOnly day)
    {
        while (!IsBusinessDay(day)) day = day.AddDays(-1);
        return EurUsd(day);
    }

    public static IEnumerable<FxRate> Rates(DateWindow window, DateTime updatedUtc)
    {
        for (var day = window.From.AddDays(-FxTable.MaxLookbackDays); day <= window.To; day = day.AddDays(1))
        {
            if (IsBusinessDay(day))
                yield return new FxRate { Day = day, From = FxTable.Eur, To = Money.Usd, ScaledRate = FxRate.ToScaled(EurUsd(day)), Source = "demo (ECB-like)", UpdatedUtc = updatedUtc };
        }
    }
}
