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
    /// <summary>The amount in <see cref="Currency"/>, the reporting currency: what every total adds up.</summary>
    public long CostMicros { get; set; }
    /// <summary>The reporting currency. A client sets the currency it was billed in; the sync converts (DESIGN.md, money in every currency).</summary>
    public string Currency { get; set; } = ReportingCurrency.Code;
    /// <summary>The amount as billed, in <see cref="OriginalCurrency"/>; equal to <see cref="CostMicros"/> when no conversion was needed.</summary>
    public long OriginalMicros { get; set; }
    public string OriginalCurrency { get; set; } = ReportingCurrency.Code;
    /// <summary>
    /// No rate was known for <see cref="OriginalCurrency"/> on the usage day: <see cref="CostMicros"/> is 0 and every total
    /// that leaves the row out says so. Converted as soon as a rate arrives (never 1:1).
    /// </summary>
    public bool Unconverted { get; set; }
    public int? OrgUnitId { get; set; }
    public string? Tags { get; set; }
    /// <summary>
    /// Set on a prior-period adjustment: the day of a closed month this row corrects. The row itself is booked on
    /// <see cref="UsageDate"/> (the day the change was found, in an open month); its amounts are the difference.
    /// </summary>
    public DateOnly? RestatedDate { get; set; }

    public bool IsAdjustment => RestatedDate is not null;

    /// <summary>The natural key of the fact this row is, or corrects.</summary>
    public string FactKey => RestatedDate is { } d && NaturalKey.StartsWith(AdjustmentPrefix(d), StringComparison.Ordinal)
        ? NaturalKey[AdjustmentPrefix(d).Length..]
        : NaturalKey;

    /// <summary>The day the row counts on by usage date: the corrected day for an adjustment.</summary>
    public DateOnly UsageDay => RestatedDate ?? UsageDate;

    private static string AdjustmentPrefix(DateOnly restated) => $"adj:{restated:yyyy-MM-dd}|";

    /// <summary>A copy of this fact's attributes as an adjustment of <paramref name="restated"/> booked on <paramref name="bookedOn"/>, with zero amounts.</summary>
    public CostRecord AdjustmentOf(DateOnly restated, DateOnly bookedOn) => new()
    {
        ConnectionId = ConnectionId, Provider = Provider, UsageDate = bookedOn, RestatedDate = restated,
        NaturalKey = AdjustmentPrefix(restated) + FactKey,
        AccountId = AccountId, ProjectId = ProjectId, ApiKeyId = ApiKeyId, Model = Model, LineItem = LineItem,
        ServiceTier = ServiceTier, Kind = Kind, Currency = Currency, OriginalCurrency = OriginalCurrency, OrgUnitId = OrgUnitId, Tags = Tags,
    };

    /// <summary>Adds (or with <paramref name="sign"/> -1 subtracts) another row's amounts to this one.</summary>
    public void Add(CostRecord other, int sign = 1)
    {
        InputTokens += sign * other.InputTokens;
        CachedInputTokens += sign * other.CachedInputTokens;
        CacheWriteTokens += sign * other.CacheWriteTokens;
        OutputTokens += sign * other.OutputTokens;
        Requests += sign * other.Requests;
        CostMicros += sign * other.CostMicros;
        OriginalMicros += sign * other.OriginalMicros;
    }

    public bool HasAmounts => InputTokens != 0 || CachedInputTokens != 0 || CacheWriteTokens != 0 || OutputTokens != 0 || Requests != 0 || CostMicros != 0 || OriginalMicros != 0;

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
