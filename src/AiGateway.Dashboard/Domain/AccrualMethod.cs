namespace AiGateway.Dashboard.Domain;

/// <summary>How the spend of a provider's days not yet billed is estimated.</summary>
public enum AccrualMethod
{
    /// <summary>Every day of the month so far is billed: nothing to accrue.</summary>
    None,
    /// <summary>The gateways' usage of those days at catalog prices.</summary>
    GatewayUsage,
    /// <summary>No gateway usage: the average of the provider's last 7 complete billed days, times the days to cover.</summary>
    RunRate,
}
