using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Features.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Dashboard.Features.Prices;

/// <summary>
/// The prices: the shipped catalog kept in the database (loaded at start, its own rows refreshed, an admin's or an
/// import's never touched), an admin's explicit prices and negotiated discounts, and LiteLLM file imports with a preview.
/// Every change is audited and re-costs the gateway estimates of open months from its effective date.
/// </summary>
public sealed class PricesService(IDbContextFactory<DashboardDbContext> dbFactory, DatabaseWriteGate writeGate, IServiceProvider services, TimeProvider time,
    ILogger<PricesService> log)
{
    public const long MaxPerMillionMicros = 10_000_000_000; // $10,000 per million tokens

    /// <summary>
    /// Every price and discount, as the usage, the budgets and re-costing price with, and — when a price's currency is not
    /// the reporting currency — the exchange rates from <paramref name="ratesFrom"/> (and the days it may borrow from).
    /// </summary>
    public static async Task<PriceBook> BookAsync(DashboardDbContext db, DateOnly ratesFrom, CancellationToken cancellationToken)
    {
        var prices = await db.ModelPrices.AsNoTracking().ToListAsync(cancellationToken);
        var discounts = await db.PriceDiscounts.AsNoTracking().ToListAsync(cancellationToken);
        var reporting = Domain.ReportingCurrency.Code;
        if (prices.All(p => string.Equals(p.Currency, reporting, StringComparison.OrdinalIgnoreCase))) return new PriceBook(prices, discounts, null, reporting);
        var since = ratesFrom.AddDays(-FxTable.MaxLookbackDays);
        return new PriceBook(prices, discounts, new FxTable(await db.FxRates.AsNoTracking().Where(r => r.Day >= since).ToListAsync(cancellationToken)), reporting);
    }

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

    /// <summary>Every price ever entered for the model (all tiers), newest first.</summary>
    public async Task<IReadOnlyList<ModelPrice>> HistoryAsync(ProviderKind provider, string model, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var m = model.ToLower();
        return (await db.ModelPrices.AsNoTracking().Where(p => p.Provider == provider && p.Model.ToLower() == m).ToListAsync(cancellationToken))
            .OrderByDescending(p => p.EffectiveFrom).ThenBy(p => p.ServiceTier, StringComparer.Ordinal).ThenByDescending(p => p.ChangedUtc).ToList();
    }

    public async Task<IReadOnlyList<PriceDiscount>> DiscountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.PriceDiscounts.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(d => d.Provider).ThenBy(d => d.Model).ThenByDescending(d => d.EffectiveFrom).ToList();
    }

    /// <summary>The models gateway usage named that had no price, most used first.</summary>
    public async Task<IReadOnlyList<UnpricedUsage>> UnpricedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.UsageHours.AsNoTracking().Where(h => h.Unpriced)
                .GroupBy(h => new { h.Provider, h.Model })
                .Select(g => new { g.Key.Provider, g.Key.Model, Events = g.Sum(h => h.Events), Tokens = g.Sum(h => h.InputTokens + h.OutputTokens), First = g.Min(h => h.HourUtc), Last = g.Max(h => h.HourUtc) })
                .ToListAsync(cancellationToken))
            .Select(u => new UnpricedUsage(u.Provider, u.Model, u.Events, u.Tokens, u.First, u.Last)).OrderByDescending(u => u.Events).ToList();
    }

    /// <summary>An admin's explicit price (it wins over the catalog's and an import's on the same day).</summary>
    public async Task SaveAsync(ModelPrice price, string actor, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (price.Provider == ProviderKind.Gateway || !Enum.IsDefined(price.Provider)) problems.Add("Choose a provider.");
        if (TextInput.Problem(price.Model?.Trim() ?? "", "Model", 200, required: true) is { } p) problems.Add(p);
        if (!UsageEvent.Tiers.Contains(price.ServiceTier)) problems.Add($"Tier must be one of {string.Join(", ", UsageEvent.Tiers)}.");
        foreach (var (name, value) in new[] { ("Input", (long?)price.InputPerMillionMicros), ("Cached input", price.CachedInputPerMillionMicros), ("Cache write", price.CacheWritePerMillionMicros),
                     ("Cache write (1 hour)", price.CacheWrite1hPerMillionMicros), ("Output", price.OutputPerMillionMicros) })
            if (value is < 0 or > MaxPerMillionMicros) problems.Add($"{name} must be from $0 to $10,000 per million tokens.");
        if (DateLimits.Problem(price.EffectiveFrom, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { } d) problems.Add($"Effective from: {d}");
        if (problems.Count > 0) throw new PriceValidationException(string.Join(" ", problems));
        var now = time.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var row = new ModelPrice
            {
                Provider = price.Provider, Model = price.Model!.Trim(), ServiceTier = price.ServiceTier, Currency = Money.Usd, EffectiveFrom = price.EffectiveFrom,
                InputPerMillionMicros = price.InputPerMillionMicros, CachedInputPerMillionMicros = price.CachedInputPerMillionMicros, CacheWritePerMillionMicros = price.CacheWritePerMillionMicros,
                CacheWrite1hPerMillionMicros = price.CacheWrite1hPerMillionMicros, OutputPerMillionMicros = price.OutputPerMillionMicros,
                Source = string.IsNullOrWhiteSpace(price.Source) ? $"entered by {actor}" : price.Source.Trim(), Origin = PriceOrigin.Admin, ChangedUtc = now, ChangedBy = actor,
            };
            db.ModelPrices.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            db.AuditEvents.Add(AuditEvent.Of(now, actor, "price.set", "ModelPrice", row.Id, null, Describe(row)));
            await db.SaveChangesAsync(cancellationToken);
        }
        await RecostAsync(price.EffectiveFrom, cancellationToken);
    }

    public async Task AddDiscountAsync(PriceDiscount discount, string actor, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (discount.Provider == ProviderKind.Gateway || !Enum.IsDefined(discount.Provider)) problems.Add("Choose a provider.");
        if (discount.BasisPoints is <= 0 or > 10_000) problems.Add("The discount must be a percentage above 0 and at most 100, to two places.");
        if (discount.Model is { Length: > 200 }) problems.Add("Model: at most 200 characters.");
        if (DateLimits.Problem(discount.EffectiveFrom, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { } d) problems.Add($"Effective from: {d}");
        if (problems.Count > 0) throw new PriceValidationException(string.Join(" ", problems));
        var now = time.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var row = new PriceDiscount
            {
                Provider = discount.Provider, Model = string.IsNullOrWhiteSpace(discount.Model) ? null : discount.Model.Trim(), BasisPoints = discount.BasisPoints,
                EffectiveFrom = discount.EffectiveFrom, Note = discount.Note.Trim(), ChangedUtc = now, ChangedBy = actor,
            };
            db.PriceDiscounts.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            db.AuditEvents.Add(AuditEvent.Of(now, actor, "price.discount.add", "PriceDiscount", row.Id, null,
                $"{row.Provider} {row.Model ?? "(all models)"} −{row.Percent:0.##} % from {row.EffectiveFrom:yyyy-MM-dd} {row.Note}".Trim()));
            await db.SaveChangesAsync(cancellationToken);
        }
        await RecostAsync(discount.EffectiveFrom, cancellationToken);
    }

    public async Task DeleteDiscountAsync(int id, string actor, CancellationToken cancellationToken)
    {
        DateOnly from;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.PriceDiscounts.SingleOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw new PriceValidationException("That discount no longer exists.");
            from = row.EffectiveFrom;
            db.PriceDiscounts.Remove(row);
            db.AuditEvents.Add(AuditEvent.Of(time.GetUtcNow().UtcDateTime, actor, "price.discount.remove", "PriceDiscount", row.Id,
                $"{row.Provider} {row.Model ?? "(all models)"} −{row.Percent:0.##} % from {row.EffectiveFrom:yyyy-MM-dd}", null));
            await db.SaveChangesAsync(cancellationToken);
        }
        await RecostAsync(from, cancellationToken);
    }

    /// <summary>What importing a LiteLLM price file with prices effective from a day would add and change; nothing is written.</summary>
    public async Task<ImportPreview> PreviewImportAsync(Stream file, string fileName, DateOnly effectiveFrom, string actor, CancellationToken cancellationToken)
    {
        if (DateLimits.Problem(effectiveFrom, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { } d) throw new PriceValidationException($"Effective from: {d}");
        LiteLlmPriceFile.Result read;
        try
        {
            using var doc = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
            read = LiteLlmPriceFile.Read(doc.RootElement, $"LiteLLM {fileName}", effectiveFrom, time.GetUtcNow().UtcDateTime, actor);
        }
        catch (JsonException ex) { throw new PriceValidationException($"{fileName} is not JSON: {ex.Message}"); }
        catch (InvalidDataException ex) { throw new PriceValidationException($"{fileName}: {ex.Message}"); }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = (await db.ModelPrices.AsNoTracking().Where(p => p.EffectiveFrom <= effectiveFrom).ToListAsync(cancellationToken))
            .GroupBy(p => (p.Provider, Model: p.Model.ToLowerInvariant(), p.ServiceTier))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Origin != PriceOrigin.Catalog).First());
        var changes = new List<PriceChange>();
        var unchanged = 0;
        foreach (var price in read.Prices)
        {
            var now = current.GetValueOrDefault((price.Provider, price.Model.ToLowerInvariant(), price.ServiceTier));
            if (now is not null && SameRates(now, price)) unchanged++;
            else changes.Add(new PriceChange(price, now));
        }
        return new ImportPreview(fileName, effectiveFrom, changes, unchanged, read.Skipped, read.SkippedProviders);
    }

    /// <summary>Writes a preview's prices (as imported prices, effective from its day) and re-costs from that day.</summary>
    public async Task<int> ApplyImportAsync(ImportPreview preview, string actor, CancellationToken cancellationToken)
    {
        if (preview.Changes.Count == 0) return 0;
        var now = time.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var rows = preview.Changes.Select(c => c.Price).ToList();
            foreach (var r in rows) (r.Id, r.ChangedUtc, r.ChangedBy) = (0, now, actor);
            db.ModelPrices.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            db.AuditEvents.Add(AuditEvent.Of(now, actor, "price.import", "ModelPrice", rows[0].Id, null,
                $"{preview.FileName}: {preview.Changes.Count(c => c.IsNew)} new and {preview.Changes.Count(c => !c.IsNew)} changed prices effective from {preview.EffectiveFrom:yyyy-MM-dd}"));
            await db.SaveChangesAsync(cancellationToken);
        }
        await RecostAsync(preview.EffectiveFrom, cancellationToken);
        return preview.Changes.Count;
    }

    /// <summary>
    /// Prices again the gateway buckets of open months from <paramref name="from"/> (usage that had no price is priced
    /// from the price's effective date), refreshes the day estimates and re-evaluates the budgets. Closed months stay as closed.
    /// </summary>
    public async Task<int> RecostAsync(DateOnly from, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (from > today) return 0;
        var repriced = 0;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            // Without gateway usage there is nothing to re-cost (and no gateway connection to make).
            if (!await db.UsageHours.AnyAsync(cancellationToken)) return 0;
            var book = await BookAsync(db, from < DateLimits.Earliest ? DateLimits.Earliest : from, cancellationToken);
            var gateway = await EstimateWriter.ConnectionIdAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
            foreach (var part in (await db.ClosedMonthsAsync(cancellationToken)).Open(new DateWindow(from < DateLimits.Earliest ? DateLimits.Earliest : from, today)))
            {
                var (fromUtc, toUtc) = part.Utc;
                var buckets = await db.UsageHours.Where(h => h.HourUtc >= fromUtc && h.HourUtc < toUtc).ToListAsync(cancellationToken);
                foreach (var b in buckets)
                {
                    var (cost, unpriced) = (b.CostMicros, b.Unpriced);
                    b.Price(book);
                    if (b.CostMicros != cost || b.Unpriced != unpriced) repriced++;
                }
                await db.SaveChangesAsync(cancellationToken);
                if (buckets.Count > 0) await EstimateWriter.RefreshAsync(db, tx.GetDbTransaction(), gateway, part, cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
        }
        log.LogInformation("Re-costed gateway usage from {From}: {Count} hourly bucket(s) changed", from, repriced);
        if (repriced > 0) await services.GetRequiredService<BudgetEvaluator>().EvaluateAsync(cancellationToken);
        return repriced;
    }

    private static bool SameRates(ModelPrice a, ModelPrice b) =>
        a.InputPerMillionMicros == b.InputPerMillionMicros && a.CachedInputPerMillionMicros == b.CachedInputPerMillionMicros && a.CacheWritePerMillionMicros == b.CacheWritePerMillionMicros
        && a.CacheWrite1hPerMillionMicros == b.CacheWrite1hPerMillionMicros && a.OutputPerMillionMicros == b.OutputPerMillionMicros;

    private static string Describe(ModelPrice p) =>
        $"{p.Provider} {p.Model} {p.ServiceTier} from {p.EffectiveFrom:yyyy-MM-dd}: input {Money.OfUsd(p.InputPerMillionMicros).Format()}, cached {Money.OfUsd(p.CachedInputPerMillionMicros).Format()}, "
        + $"cache write {Money.OfUsd(p.CacheWritePerMillionMicros).Format()}, output {Money.OfUsd(p.OutputPerMillionMicros).Format()} per million tokens ({p.Source})";
}
