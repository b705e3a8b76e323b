using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Prices;

/// <summary>
/// The list-price snapshot shipped in the product (<c>Features/Prices/catalog.json</c>, embedded): USD per million tokens
/// per provider, model and tier, each with its source page. An entry applies from its own <c>effectiveFrom</c> when it
/// gives one (a price change), else from the earliest accepted date: the snapshot's list price is the best known price
/// for usage before it too, rather than none.
/// </summary>
public static class PriceCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public sealed record Entry(ProviderKind Provider, string Model, string? Tier, decimal Input, decimal CachedInput, decimal? CacheWrite, decimal? CacheWrite1h, decimal Output, string Source,
        DateOnly? EffectiveFrom = null);

    public sealed record Snapshot(DateOnly AsOf, IReadOnlyList<Entry> Prices);

    public static Snapshot Load()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream("price-catalog.json")
            ?? throw new InvalidOperationException("The price catalog is not embedded in the assembly.");
        return Parse(stream);
    }

    /// <summary>Reads a catalog; a bad entry stops with its position and what is wrong.</summary>
    public static Snapshot Parse(Stream json)
    {
        var snapshot = JsonSerializer.Deserialize<Snapshot>(json, Json) ?? throw new InvalidDataException("The price catalog is empty.");
        for (var i = 0; i < snapshot.Prices.Count; i++)
        {
            var e = snapshot.Prices[i];
            if (string.IsNullOrWhiteSpace(e.Model)) throw new InvalidDataException($"price {i + 1}: the model is missing.");
            if (new[] { e.Input, e.CachedInput, e.CacheWrite ?? 0, e.CacheWrite1h ?? 0, e.Output }.Any(p => p < 0 || p > 10_000 || decimal.Round(p, 6) != p))
                throw new InvalidDataException($"price {i + 1} ({e.Provider} {e.Model}): prices are USD per million tokens from 0 to 10,000 with at most 6 decimals.");
            if (!Uri.TryCreate(e.Source, UriKind.Absolute, out _)) throw new InvalidDataException($"price {i + 1} ({e.Provider} {e.Model}): the source must be the pricing page's URL.");
        }
        return snapshot;
    }

    public static IEnumerable<ModelPrice> Prices(Snapshot snapshot, DateTime nowUtc) => snapshot.Prices.Select(e => new ModelPrice
    {
        Provider = e.Provider, Model = e.Model.Trim(), ServiceTier = string.IsNullOrWhiteSpace(e.Tier) ? ModelPrice.StandardTier : e.Tier.Trim().ToLowerInvariant(),
        InputPerMillionMicros = Money.MicrosFromMajor(e.Input), CachedInputPerMillionMicros = Money.MicrosFromMajor(e.CachedInput),
        CacheWritePerMillionMicros = Money.MicrosFromMajor(e.CacheWrite ?? e.Input), CacheWrite1hPerMillionMicros = e.CacheWrite1h is { } h ? Money.MicrosFromMajor(h) : null,
        OutputPerMillionMicros = Money.MicrosFromMajor(e.Output), EffectiveFrom = e.EffectiveFrom ?? DateLimits.Earliest, Source = e.Source, Origin = PriceOrigin.Catalog,
        ChangedUtc = nowUtc, ChangedBy = "catalog " + snapshot.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    });
}
