namespace AiGateway.Dashboard.Domain;

/// <summary>A budget's amount for one period that differs from its base (for example a bigger December).</summary>
public class BudgetOverride
{
    public int Id { get; set; }
    public int BudgetId { get; set; }
    /// <summary>The first day of the period.</summary>
    public DateOnly PeriodStart { get; set; }
    public long AmountMicros { get; set; }
}
