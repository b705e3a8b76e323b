namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>Bad input to a budget change: one message per field or CSV line. Nothing was saved.</summary>
public sealed class BudgetValidationException(IReadOnlyList<BudgetInputError> errors)
    : Exception(string.Join(" ", errors.Select(e => e.Message)))
{
    public BudgetValidationException(string field, string message) : this([new BudgetInputError(field, message)]) { }

    public IReadOnlyList<BudgetInputError> Errors { get; } = errors;

    /// <summary>The unit already has a budget of this period kind (a 409 on the API rather than a 400).</summary>
    public bool IsConflict { get; init; }
}

/// <param name="Field">The input field ("Amount", "Thresholds", …) or "Line N" of a CSV import.</param>
public sealed record BudgetInputError(string Field, string Message);
