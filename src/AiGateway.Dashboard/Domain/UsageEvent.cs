namespace AiGateway.Dashboard.Domain;

/// <summary>One gateway request as posted: validated, with attribution still to resolve.</summary>
/// <param name="InputTokens">Uncached input: without cache reads and writes.</param>
/// <param name="CostMicros">What the gateway computed, when it sent one.</param>
public sealed record UsageEvent(
    string Id,
    DateTime TimestampUtc,
    ProviderKind Provider,
    string Model,
    string? OrgUnit,
    string? Project,
    string? ApiKey,
    IReadOnlyDictionary<string, string>? Tags,
    long InputTokens,
    long CachedInputTokens,
    long CacheWriteTokens,
    long OutputTokens,
    long Requests,
    string ServiceTier,
    long? CostMicros,
    string? ReservationId)
{
    public static readonly string[] Tiers = ["standard", "batch", "flex", "priority"];

    public DateTime HourUtc => new(TimestampUtc.Year, TimestampUtc.Month, TimestampUtc.Day, TimestampUtc.Hour, 0, 0, DateTimeKind.Utc);
}
