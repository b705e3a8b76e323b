namespace AiGateway.Dashboard.Domain;

public enum BudgetState
{
    OnTrack = 0,
    /// <summary>The forecast for the period end is above the budget.</summary>
    AtRisk = 1,
    /// <summary>Actual spend has reached the budget.</summary>
    Over = 2,
}
