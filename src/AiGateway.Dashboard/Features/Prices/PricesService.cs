using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Prices;

/// <summary>Keeps the shipped catalog in the database: loaded at start, its own rows refreshed, an admin's or an import's never touched.</summary>
public sealed class PricesService(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time, ILogger<PricesService> log)
{
    /// <summary>Adds the catalog's prices that are missing and updates the catalog's own rows that changed; returns how many it wrote.</summary>
    public async Task<int> LoadCatalogAsync(PriceCatalog.Snapshot snapshot, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = (await db.ModelPrices.Where(p => p.Origin == PriceOrigin.Catalog).ToListAsync(cancellationToken))
            .ToDictionary(p => (p.Provider, p.Model, p.ServiceTier, p.EffectiveFrom));
        var written = 0;
        foreach (var price in PriceCatalog.Prices(snapshot, time.GetUtcNow().UtcDateTime))
        {
            if (!existing.TryGetValue((price.Provider, price.Model, price.ServiceTier, price.EffectiveFrom), out var row))
            {
                db.ModelPrices.Add(price);
                written++;
            }
            else if (row.InputPerMillionMicros != price.InputPerMillionMicros || row.CachedInputPerMillionMicros != price.CachedInputPerMillionMicros
                     || row.CacheWritePerMillionMicros != price.CacheWritePerMillionMicros || row.CacheWrite1hPerMillionMicros != price.CacheWrite1hPerMillionMicros
                     || row.OutputPerMillionMicros != price.OutputPerMillionMicros || row.Source != price.Source)
            {
                (row.InputPerMillionMicros, row.CachedInputPerMillionMicros, row.CacheWritePerMillionMicros, row.CacheWrite1hPerMillionMicros, row.OutputPerMillionMicros, row.Source, row.ChangedUtc, row.ChangedBy) =
                    (price.InputPerMillionMicros, price.CachedInputPerMillionMicros, price.CacheWritePerMillionMicros, price.CacheWrite1hPerMillionMicros, price.OutputPerMillionMicros, price.Source, price.ChangedUtc, price.ChangedBy);
                written++;
            }
        }
        if (written > 0) await db.SaveChangesAsync(cancellationToken);
        log.LogInformation("Price catalog {AsOf}: {Count} prices, {Written} written", snapshot.AsOf, snapshot.Prices.Count, written);
        return written;
    }

    /// <summary>The prices matching a provider and a model text; with <paramref name="at"/> only those in force that day (admin prices before the catalog's).</summary>
    public async Task<IReadOnlyList<ModelPrice>> ListAsync(ProviderKind? provider, string? model, DateOnly? at, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var q = db.ModelPrices.AsNoTracking();
        if (provider is { } p) q = q.Where(x => x.Provider == p);
        if (!string.IsNullOrWhiteSpace(model)) { var m = model.Trim().ToLower(); q = q.Where(x => x.Model.ToLower().Contains(m)); }
        if (at is { } day) q = q.Where(x => x.EffectiveFrom <= day);
        var rows = await q.ToListAsync(cancellationToken);
        if (at is not null)
        {
            rows = rows.GroupBy(x => (x.Provider, x.Model, x.ServiceTier))
                .Select(g => g.OrderByDescending(x => x.EffectiveFrom).ThenByDescending(x => x.Origin != PriceOrigin.Catalog).First()).ToList();
        }
        return rows.OrderBy(x => x.Provider).ThenBy(x => x.Model, StringComparer.Ordinal).ThenBy(x => x.ServiceTier, StringComparer.Ordinal).ThenByDescending(x => x.EffectiveFrom).ToList();
    }
}
