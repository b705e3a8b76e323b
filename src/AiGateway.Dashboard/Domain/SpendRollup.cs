namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Cost records summed per day (and again per month) and dimension, so that no page or API call scans the
/// fact table and long ranges read a few rows per month. Rebuilt for a connection's window in the same
/// transaction that replaces its facts.
/// </summary>
public class SpendRollup
{
    public long Id { get; set; }
    public RollupGrain Grain { get; set; }
    /// <summary>The day, or the first day of the month for <see cref="RollupGrain.Month"/>.</summary>
    public DateOnly Date { get; set; }
    public int ConnectionId { get; set; }
    public ProviderKind Provider { get; set; }
    public string Model { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public int? OrgUnitId { get; set; }
    public CostKind Kind { get; set; }
    public RollupBasis Basis { get; set; }
    public long InputTokens { get; set; }
    public long CachedInputTokens { get; set; }
    public long CacheWriteTokens { get; set; }
    public long OutputTokens { get; set; }
    public long Requests { get; set; }
    public long CostMicros { get; set; }
}
