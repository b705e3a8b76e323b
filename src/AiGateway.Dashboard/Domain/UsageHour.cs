namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Gateway usage summed per UTC hour and dimension (provider, model, project, key, tags, org unit, tier): the live,
/// estimated side of spend. Buckets are additive — a batch adds its events to them — so two writers never lose an event.
/// </summary>
public class UsageHour
{
    public long Id { get; set; }
    /// <summary>The start of the UTC hour.</summary>
    public DateTime HourUtc { get; set; }
    public ProviderKind Provider { get; set; }
    public string Model { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public string ApiKeyId { get; set; } = "";
    public int? OrgUnitId { get; set; }
    /// <summary>The events' tags as "k=v,k=v" (sorted by name), which allocation rules on tags match; "" without tags.</summary>
    public string Tags { get; set; } = "";
    /// <summary>The events named their org unit: a rule change never moves the bucket.</summary>
    public bool ExplicitOrgUnit { get; set; }
    public string ServiceTier { get; set; } = ModelPrice.StandardTier;
    /// <summary>All input tokens (uncached + cache reads + cache writes), as in billed rows.</summary>
    public long InputTokens { get; set; }
    public long CachedInputTokens { get; set; }
    public long CacheWriteTokens { get; set; }
    public long OutputTokens { get; set; }
    public long Requests { get; set; }
    public long Events { get; set; }
    /// <summary>The bucket's tokens at the catalog price in force that day, rounded once; 0 while <see cref="Unpriced"/>.</summary>
    public long CostMicros { get; set; }
    /// <summary>No price was in force for the model that day: the tokens are kept and the bucket is listed, never a silent $0.</summary>
    public bool Unpriced { get; set; }
    /// <summary>What the gateways said the events cost (where they sent a cost), for reconciliation.</summary>
    public long GatewayCostMicros { get; set; }
    public long GatewayCostEvents { get; set; }

    public DateOnly Day => DateOnly.FromDateTime(HourUtc);

    /// <summary>Tags as allocation rules match them ("k=v,k=v"), sorted so that the same tags make the same bucket; "" without tags.</summary>
    public static string TagText(IReadOnlyDictionary<string, string>? tags) =>
        tags is { Count: > 0 } ? string.Join(",", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")) : "";

    /// <summary>What the allocation rules match the bucket on: the same fields as a billed row's.</summary>
    public CostRecord AllocationRecord() => new()
    {
        Provider = Provider, ProjectId = ProjectId.Length == 0 ? null : ProjectId, ApiKeyId = ApiKeyId.Length == 0 ? null : ApiKeyId, Model = Model,
        Tags = Tags.Length == 0 ? null : Tags,
    };

    /// <summary>Re-prices the bucket from its token totals in the reporting currency (no price, or no rate for its currency: unpriced, $0).</summary>
    public void Price(PriceBook book)
    {
        var cost = book.CostOf(Provider, Model, ServiceTier, Day, Math.Max(0, InputTokens - CachedInputTokens - CacheWriteTokens), CachedInputTokens, CacheWriteTokens, OutputTokens);
        Unpriced = cost is null;
        CostMicros = cost ?? 0;
    }
}
