namespace AiGateway.Dashboard.Domain;

/// <summary>
/// An approved increase (or decrease) of one budget period. The approvals workflow writes these; the effective
/// amount of a period adds them to the base or override.
/// </summary>
public class BudgetAdjustment
{
    public long Id { get; set; }
    public int BudgetId { get; set; }
    /// <summary>The first day of the period it applies to.</summary>
    public DateOnly PeriodStart { get; set; }
    public long AmountMicros { get; set; }
    /// <summary>Applies to <see cref="PeriodStart"/> and every later period (a permanent increase).</summary>
    public bool IsPermanent { get; set; }
    /// <summary>The budget request that produced it, when there is one.</summary>
    public int? RequestId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string Reason { get; set; } = "";
}
