namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>How much the counted spend of a unit on a day changed with a gateway batch (estimates where the bill has not arrived).</summary>
public sealed record LiveSpend(int OrgUnitId, DateOnly Day, long DeltaMicros);
