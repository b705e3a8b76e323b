namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Every price in force, effective-dated: the price of a model on a day is the one with the latest effective date on or
/// before it, for the tier asked (a tier without its own price uses the standard one). Model names match exactly first,
/// then by the longest catalog name the used name starts with ("gpt-4o-2024-08-06" → "gpt-4o"), so dated snapshots
/// find their family's price. On the same day an admin's or an imported price wins over the catalog's. No match is
/// null: never a silent $0. A cost is given in the reporting currency: a price in another currency (list prices are USD)
/// is converted at the day's rate, and with no rate the cost is null as well: never a silent 1:1.
/// </summary>
public sealed class PriceBook(IEnumerable<ModelPrice> prices, IEnumerable<PriceDiscount>? discounts = null, FxTable? rates = null, string reporting = Money.Usd)
{
    private readonly PriceDiscount[] _discounts = (discounts ?? []).OrderByDescending(d => d.EffectiveFrom).ToArray();

    private readonly ILookup<(ProviderKind, string, string), ModelPrice> _byKey = prices
        .OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Origin != PriceOrigin.Catalog)
        .ToLookup(p => (p.Provider, p.Model.ToLowerInvariant(), p.ServiceTier.ToLowerInvariant()));

    private readonly Dictionary<ProviderKind, string[]> _models = prices.GroupBy(p => p.Provider)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Model.ToLowerInvariant()).Distinct().OrderByDescending(m => m.Length).ToArray());

    public ModelPrice? PriceOf(ProviderKind provider, string model, string? serviceTier, DateOnly day)
    {
        var tier = string.IsNullOrWhiteSpace(serviceTier) ? ModelPrice.StandardTier : serviceTier.Trim().ToLowerInvariant();
        var name = model.Trim().ToLowerInvariant();
        if (!_models.TryGetValue(provider, out var known)) return null;
        var candidates = known.Contains(name) ? [name] : known.Where(m => name.StartsWith(m, StringComparison.Ordinal) && name.Length > m.Length && name[m.Length] is '-' or '@' or ':').ToArray();
        foreach (var candidate in candidates)
        {
            var price = InForce(provider, candidate, tier, day) ?? (tier == ModelPrice.StandardTier ? null : InForce(provider, candidate, ModelPrice.StandardTier, day));
            if (price is not null) return price.Origin == PriceOrigin.Admin || DiscountOf(provider, name, candidate, day) is not { } discount ? price : discount.Discounted(price);
        }
        return null;
    }

    /// <summary>
    /// What tokens of a model cost on a day, in the reporting currency (input excludes the cached and cache-write tokens);
    /// null when the model has no price that day, or its price's currency no rate.
    /// </summary>
    public long? CostOf(ProviderKind provider, string model, string? serviceTier, DateOnly day, long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens) =>
        PriceOf(provider, model, serviceTier, day) is { } price
            ? InReporting(price.CostMicros(inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens), price.Currency, day)
            : null;

    /// <summary>An amount in <paramref name="currency"/> in the reporting currency at the day's rate; null without a rate.</summary>
    public long? InReporting(long micros, string currency, DateOnly day)
    {
        if (string.Equals(currency, reporting, StringComparison.OrdinalIgnoreCase)) return micros;
        return rates?.Find(currency, reporting, day) is { } quote ? FxTable.Convert([micros], quote.Rate)[0] : null;
    }

    /// <summary>The discount in force that day: the model's own (by the name used or the priced family) before its provider's.</summary>
    public PriceDiscount? DiscountOf(ProviderKind provider, string model, string pricedAs, DateOnly day)
    {
        var inForce = _discounts.Where(d => d.Provider == provider && d.EffectiveFrom <= day).ToList();
        return inForce.FirstOrDefault(d => d.Model is { } m && (m.Equals(model, StringComparison.OrdinalIgnoreCase) || m.Equals(pricedAs, StringComparison.OrdinalIgnoreCase)))
               ?? inForce.FirstOrDefault(d => d.Model is null);
    }

    private ModelPrice? InForce(ProviderKind provider, string model, string tier, DateOnly day) =>
        _byKey[(provider, model, tier)].FirstOrDefault(p => p.EffectiveFrom <= day);
}
