namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A budget's base amount from one period on (until the next change). Earlier periods keep the amount they had:
/// editing a budget adds a change, it never rewrites the past.
/// </summary>
public class BudgetAmountChange
{
    public int Id { get; set; }
    public int BudgetId { get; set; }
    /// <summary>The first day of the first period the amount applies to.</summary>
    public DateOnly EffectiveFrom { get; set; }
    public long AmountMicros { get; set; }
    public DateTime ChangedUtc { get; set; }
    public string ChangedBy { get; set; } = "";
}
