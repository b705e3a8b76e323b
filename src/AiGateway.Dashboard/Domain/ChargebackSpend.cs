namespace AiGateway.Dashboard.Domain;

/// <summary>A month's booked spend of one org unit (null: unallocated) on one provider, the journal's input.</summary>
public sealed record ChargebackSpend(int? OrgUnitId, ProviderKind Provider, long CostMicros);
