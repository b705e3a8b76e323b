using System.Globalization;

namespace AiGateway.Dashboard.Domain;

/// <summary>The one rule for an amount of budget (a period's amount or an increase): above zero, at most a ceiling, whole micro-dollars.</summary>
public static class BudgetAmount
{
    /// <summary>Why <paramref name="amount"/> (USD) is not acceptable, or null when it is.</summary>
    public static string? Error(decimal amount, decimal ceiling) =>
        amount <= 0 ? $"The amount must be above zero (got {amount.ToString(CultureInfo.InvariantCulture)})."
        : amount > ceiling ? $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {ReportingCurrency.Code} is above the ceiling of {ceiling.ToString("N0", CultureInfo.InvariantCulture)} {ReportingCurrency.Code} per period (Budgets:MaxAmount); check for a typo."
        : decimal.Round(amount, 6) != amount ? "Use at most six decimal places."
        : null;
}
