namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A negotiated discount off list prices (the catalog's and imported ones) of a provider, or of one model of it, from a
/// day on. An admin's explicit price is already the negotiated one and is not discounted again. A model's discount wins
/// over its provider's; the latest in force wins.
/// </summary>
public class PriceDiscount
{
    public int Id { get; set; }
    public ProviderKind Provider { get; set; }
    /// <summary>Null: every model of the provider.</summary>
    public string? Model { get; set; }
    /// <summary>Hundredths of a percent off, from 1 to 10,000 (1,250 = 12.5 %): stored whole, like every amount.</summary>
    public int BasisPoints { get; set; }

    /// <summary>Percent off, to two places (e.g. 12.5).</summary>
    public decimal Percent
    {
        get => BasisPoints / 100m;
        set => BasisPoints = (int)Math.Round(value * 100, MidpointRounding.AwayFromZero);
    }
    public DateOnly EffectiveFrom { get; set; }
    public string Note { get; set; } = "";
    public DateTime ChangedUtc { get; set; }
    public string ChangedBy { get; set; } = "";

    /// <summary>A rate (micro-dollars per million tokens) less the discount, rounded to the micro-dollar.</summary>
    public long Apply(long perMillionMicros) => (long)Math.Round(perMillionMicros * (10_000m - BasisPoints) / 10_000m, MidpointRounding.AwayFromZero);

    /// <summary>The price with this discount taken off every rate, saying so in its source.</summary>
    public ModelPrice Discounted(ModelPrice p) => new()
    {
        Id = p.Id, Provider = p.Provider, Model = p.Model, ServiceTier = p.ServiceTier, Currency = p.Currency, EffectiveFrom = p.EffectiveFrom, Origin = p.Origin,
        InputPerMillionMicros = Apply(p.InputPerMillionMicros), CachedInputPerMillionMicros = Apply(p.CachedInputPerMillionMicros),
        CacheWritePerMillionMicros = Apply(p.CacheWritePerMillionMicros), CacheWrite1hPerMillionMicros = p.CacheWrite1hPerMillionMicros is { } h ? Apply(h) : null,
        OutputPerMillionMicros = Apply(p.OutputPerMillionMicros),
        Source = $"{p.Source} less {Percent:0.##} % negotiated discount from {EffectiveFrom:yyyy-MM-dd}", ChangedUtc = p.ChangedUtc, ChangedBy = p.ChangedBy,
    };
}
