namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The fact: cost and usage of one connection on one UTC day for one combination of account, project,
/// key, model and line item. Unique by (connection, day, natural key).
/// </summary>
public class CostRecord
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public ProviderKind Provider { get; set; }
    public DateOnly UsageDate { get; set; }
    /// <summary>Stable hash-free key of the grouping columns, unique per connection and day.</summary>
    public string NaturalKey { get; set; } = "";
    public string? AccountId { get; set; }
    public string? ProjectId { get; set; }
    public string? ApiKeyId { get; set; }
    public string Model { get; set; } = "";
    public string? LineItem { get; set; }
    public string? ServiceTier { get; set; }
    public CostKind Kind { get; set; }
    public long InputTokens { get; set; }
    public long CachedInputTokens { get; set; }
    public long CacheWriteTokens { get; set; }
    public long OutputTokens { get; set; }
    public long Requests { get; set; }
    public long CostMicros { get; set; }
    public string Currency { get; set; } = Money.Usd;
    public int? OrgUnitId { get; set; }
    public string? Tags { get; set; }

    /// <summary>
    /// Builds the natural key from the grouping columns. Two rows of one connection and day with the same
    /// key are the same fact; a long key is replaced by its SHA-256 so that it always fits the index.
    /// </summary>
    public string ComputeNaturalKey()
    {
        var key = string.Join('|', (int)Kind, (int)Provider, AccountId, ProjectId, ApiKeyId, Model, LineItem, ServiceTier, Tags);
        NaturalKey = key.Length <= 400
            ? key
            : "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        return NaturalKey;
    }
}
