namespace AiGateway.Dashboard.Domain;

public enum CostKind
{
    /// <summary>From a provider's cost API: what the invoice will say.</summary>
    Billed = 0,
    /// <summary>From a usage source (usage endpoint, gateway events), priced or unpriced.</summary>
    UsageEstimated = 1,
}
