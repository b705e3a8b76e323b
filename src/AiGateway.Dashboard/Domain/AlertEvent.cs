namespace AiGateway.Dashboard.Domain;

/// <summary>
/// An alert that fired for a budget. The unique key (budget, period start, kind, key) makes firing idempotent:
/// the evaluation that inserts the row first notifies, every other one finds it already there.
/// </summary>
public class AlertEvent
{
    public long Id { get; set; }
    public int BudgetId { get; set; }
    public int OrgUnitId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public AlertKind Kind { get; set; }
    /// <summary>The threshold in percent, "forecast", or the anomalous day (yyyy-MM-dd).</summary>
    public string Key { get; set; } = "";
    /// <summary>For thresholds, the level in percent (for ordering); 0 otherwise.</summary>
    public int Level { get; set; }
    public DateTime FiredUtc { get; set; }
    public long ActualMicros { get; set; }
    public long BudgetMicros { get; set; }
    public string Title { get; set; } = "";
    public string Message { get; set; } = "";
    /// <summary>Recorded without notifying (a threshold already covered when a budget edit moved it).</summary>
    public bool Suppressed { get; set; }
}
