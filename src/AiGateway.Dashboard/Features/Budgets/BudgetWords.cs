using AiGateway.Dashboard.Domain;
using MudBlazor;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>How budget states read and look, the same on every page.</summary>
public static class BudgetWords
{
    public static string Of(BudgetState state) => state switch { BudgetState.OnTrack => "On track", BudgetState.AtRisk => "At risk", _ => "Over" };

    public static Color ColorOf(BudgetState state) => state switch { BudgetState.OnTrack => Color.Success, BudgetState.AtRisk => Color.Warning, _ => Color.Error };

    public static string Exhausted(BudgetStatus status, DateOnly today) =>
        status.DaysUntilExhausted(today) is { } d ? (d == 0 ? "exhausted" : d == 1 ? "1 day" : $"{d} days") : "not this period";
}
