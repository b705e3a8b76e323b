namespace AiGateway.Dashboard.Features.Exports;

/// <summary>Tokens of one usage key; input includes cache reads and writes.</summary>
public readonly record struct UsageTokens(long Input, long Cached, long CacheWrite, long Output);
