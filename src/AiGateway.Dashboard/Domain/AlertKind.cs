namespace AiGateway.Dashboard.Domain;

public enum AlertKind
{
    /// <summary>Actual spend crossed one of the budget's thresholds (once per budget and period).</summary>
    Threshold = 0,
    /// <summary>The forecast for the period end is above the budget (once per budget and period).</summary>
    ForecastOver = 1,
    /// <summary>A day's spend of the unit was far above its trailing baseline (once per budget and day).</summary>
    Anomaly = 2,
}
