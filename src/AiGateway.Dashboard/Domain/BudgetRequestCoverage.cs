namespace AiGateway.Dashboard.Domain;

/// <summary>Which periods an increase covers.</summary>
public enum BudgetRequestCoverage
{
    /// <summary>The current period only.</summary>
    ThisPeriod = 0,
    /// <summary>The current period and the next N − 1 (N periods in all).</summary>
    NextPeriods = 1,
    /// <summary>The current period and every later one.</summary>
    Permanent = 2,
}
