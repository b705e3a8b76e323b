namespace AiGateway.Dashboard.Features.Spend;

/// <summary>One aggregated row of a spend query, money in micros.</summary>
public sealed record SpendRow(SpendKey Key, long CostMicros, long InputTokens, long CachedInputTokens, long OutputTokens, long Requests);
