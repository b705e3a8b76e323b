namespace AiGateway.Dashboard.Domain;

/// <summary>A budget as it stands now, with what open reservations already hold against it.</summary>
public sealed record BudgetHeadroom(BudgetStatus Status, long ReservedMicros)
{
    /// <summary>What is left for new spend: budget − actual − reserved (negative once over).</summary>
    public long RemainingMicros => Status.BudgetMicros - Status.ActualMicros - ReservedMicros;
}
