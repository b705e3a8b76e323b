using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>One period of a budget as the periods API gives it; <see cref="DataFrom"/> is set when data starts after the period does.</summary>
public sealed record BudgetPeriodFigures(Period Period, long BaseMicros, long? OverrideMicros, long AdjustmentMicros, long BudgetMicros, long ActualMicros, DateOnly? DataFrom, bool Closed = false)
{
    public long VarianceMicros => BudgetMicros - ActualMicros;

    public decimal Used => BudgetMicros == 0 ? (ActualMicros > 0 ? 1 : 0) : (decimal)ActualMicros / BudgetMicros;
}
