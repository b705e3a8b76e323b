namespace AiGateway.Dashboard.Domain;

public enum BudgetState
{
    OnTrack = 0,
    /// <summary>The forecast for the period end is above the budget.</summary>
    AtRisk = 1,
    /// <summary>Actual spend has reached the budget.</summary>
    Over = 2,
    /// <summary>Not over, and too few complete days for a forecast: neither on track nor at risk can be said.</summary>
    TooEarly = 3,
}
