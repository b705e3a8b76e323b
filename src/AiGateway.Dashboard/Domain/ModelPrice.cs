namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The list price of one model on one service tier from a day on, in micro-USD per million tokens of each kind. A
/// later <see cref="EffectiveFrom"/> for the same provider, model and tier supersedes it from that day; earlier days
/// keep it.
/// </summary>
public class ModelPrice
{
    public const string StandardTier = "standard";

    public int Id { get; set; }
    public ProviderKind Provider { get; set; }
    public string Model { get; set; } = "";
    /// <summary>standard, batch, flex or priority.</summary>
    public string ServiceTier { get; set; } = StandardTier;
    public long InputPerMillionMicros { get; set; }
    public long CachedInputPerMillionMicros { get; set; }
    /// <summary>Cache writes (Anthropic's 5-minute writes; OpenAI does not charge them apart).</summary>
    public long CacheWritePerMillionMicros { get; set; }
    /// <summary>Anthropic's 1-hour cache writes, where the provider prices them apart.</summary>
    public long? CacheWrite1hPerMillionMicros { get; set; }
    public long OutputPerMillionMicros { get; set; }
    public string Currency { get; set; } = Money.Usd;
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>Where the figures were read (a pricing page URL, a file name, "set by …").</summary>
    public string Source { get; set; } = "";
    public PriceOrigin Origin { get; set; }
    public DateTime ChangedUtc { get; set; }
    public string ChangedBy { get; set; } = "";

    /// <summary>
    /// The cost of a bucket's tokens at this price, exact: Σ tokens × micro-USD per million, divided once by a million and
    /// rounded half away from zero. <paramref name="input"/> is uncached input (without cache reads and writes).
    /// </summary>
    public long CostMicros(long input, long cachedInput, long cacheWrite, long output, long cacheWrite1h = 0)
    {
        var total = (Int128)input * InputPerMillionMicros
                    + (Int128)cachedInput * CachedInputPerMillionMicros
                    + (Int128)cacheWrite * CacheWritePerMillionMicros
                    + (Int128)cacheWrite1h * (CacheWrite1hPerMillionMicros ?? CacheWritePerMillionMicros)
                    + (Int128)output * OutputPerMillionMicros;
        var rounded = total >= 0 ? (total + 500_000) / 1_000_000 : -((-total + 500_000) / 1_000_000);
        return (long)rounded;
    }
}
