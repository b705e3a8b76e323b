using AiGateway.Dashboard.Domain;
using MudBlazor;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>How budget states read and look, the same on every page.</summary>
public static class BudgetWords
{
    public static string Of(BudgetState state) => state switch
    {
        BudgetState.OnTrack => "On track", BudgetState.AtRisk => "At risk", BudgetState.TooEarly => "Too early to tell", _ => "Over",
    };

    public static Color ColorOf(BudgetState state) => state switch
    {
        BudgetState.OnTrack => Color.Success, BudgetState.AtRisk => Color.Warning, BudgetState.TooEarly => Color.Default, _ => Color.Error,
    };

    /// <summary>Most urgent first: over, at risk, on track, too early to tell.</summary>
    public static int Urgency(BudgetState state) => state switch
    {
        BudgetState.Over => 3, BudgetState.AtRisk => 2, BudgetState.OnTrack => 1, _ => 0,
    };

    public static string Exhausted(BudgetStatus status, DateOnly today) =>
        status.ActualMicros >= status.BudgetMicros ? "exhausted"
        : !status.Forecast.Available ? "too early to tell"
        : status.DaysUntilExhausted(today) is { } d ? (d == 0 ? "today" : d == 1 ? "1 day" : $"{d} days") : "not this period";
}
