namespace AiGateway.Dashboard.Features.Spend;

/// <summary>One aggregated row of a spend query, money in micros: the cost is the billed part plus the estimate of what is not billed yet.</summary>
public sealed record SpendRow(SpendKey Key, long CostMicros, long InputTokens, long CachedInputTokens, long OutputTokens, long Requests, long BilledMicros = 0)
{
    /// <summary>Gateway usage estimated where billing has not arrived yet (never where it has).</summary>
    public long EstimatedMicros => CostMicros - BilledMicros;
}
