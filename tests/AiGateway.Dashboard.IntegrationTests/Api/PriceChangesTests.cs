using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Prices;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>
/// Prices that change (issue 13 §2): a LiteLLM import with its preview, a negotiated discount, an admin's explicit price;
/// each audited and re-costing the gateway usage of open months from its effective day, unpriced usage priced once a price exists.
/// </summary>
public class PriceChangesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_a_discount_and_an_explicit_price_re_cost_usage_from_their_day_and_are_audited()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" })
        {
            Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero)),
        };
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        (await gateway.PostAsync("api/v1/usage", new StringContent(JsonSerializer.Serialize(new
        {
            events = new[]
            {
                new { id = "m-1", timestamp = "2026-12-09T10:00:00Z", provider = "OpenAI", model = "gpt-4o-mini", project = "p1", inputTokens = 1_000_000, outputTokens = 1_000_000 },
                new { id = "o-1", timestamp = "2026-12-09T10:00:00Z", provider = "OpenAI", model = "o5-preview", project = "p1", inputTokens = 1_000_000, outputTokens = 100_000 },
            },
        }), Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var prices = factory.Services.GetRequiredService<PricesService>();
        async Task<(long Mini, long O5, bool O5Unpriced)> BucketsAsync()
        {
            await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
            var hours = await db.UsageHours.AsNoTracking().ToListAsync(Ct);
            var o5 = hours.Single(h => h.Model == "o5-preview");
            return (hours.Single(h => h.Model == "gpt-4o-mini").CostMicros, o5.CostMicros, o5.Unpriced);
        }
        (await BucketsAsync()).ShouldBe((750_000L, 0L, true)); // catalog: $0.15 + $0.60
        (await prices.UnpricedAsync(Ct)).ShouldHaveSingleItem().Model.ShouldBe("o5-preview");

        // The preview: new and changed prices, the shortest key for a model, entries without token prices and unknown providers counted, nothing written.
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(Fixtures.Read("LiteLLM/model_prices_sample.json")));
        var preview = await prices.PreviewImportAsync(file, "model_prices_sample.json", new DateOnly(2026, 12, 1), "ada.admin@demo.local", Ct);
        var changes = preview.Changes.ToDictionary(c => (c.Price.Provider, c.Price.Model, c.Price.ServiceTier));
        changes[(ProviderKind.OpenAI, "o5-preview", "standard")].IsNew.ShouldBeTrue();
        var mini = changes[(ProviderKind.OpenAI, "gpt-4o-mini", "standard")];
        (mini.IsNew, mini.Current!.OutputPerMillionMicros, mini.Price.OutputPerMillionMicros, mini.Price.CachedInputPerMillionMicros).ShouldBe((false, 600_000L, 480_000L, 60_000L));
        changes[(ProviderKind.OpenAI, "gpt-4o-mini", "batch")].Price.OutputPerMillionMicros.ShouldBe(240_000);
        var sonnet = changes[(ProviderKind.Anthropic, "claude-sonnet-4-5-20250929", "standard")].Price;
        (sonnet.CacheWritePerMillionMicros, sonnet.CacheWrite1hPerMillionMicros).ShouldBe((3_750_000L, (long?)6_000_000));
        preview.Changes.Select(c => c.Price).Where(p => p.Provider == ProviderKind.AzureOpenAI && p.Model == "gpt-4o")
            .Select(p => p.OutputPerMillionMicros).ShouldAllBe(o => o == 10_000_000); // "azure/gpt-4o", not "azure/global/gpt-4o"
        (preview.Skipped, preview.SkippedProviders["cohere_chat"]).ShouldBe((2, 1));
        (await BucketsAsync()).O5Unpriced.ShouldBeTrue("a preview writes nothing");

        // Imported from 1 December: the unpriced usage of the 9th is priced, and gpt-4o-mini re-costed ($0.12 + $0.48).
        (await prices.ApplyImportAsync(preview, "ada.admin@demo.local", Ct)).ShouldBe(preview.Changes.Count);
        (await BucketsAsync()).ShouldBe((600_000L, 14_000_000L, false)); // o5: $10 + 0.1 × $40
        (await prices.UnpricedAsync(Ct)).ShouldBeEmpty();

        // 10 % off OpenAI's list prices from 5 December.
        await prices.AddDiscountAsync(new PriceDiscount { Provider = ProviderKind.OpenAI, Percent = 10, EffectiveFrom = new DateOnly(2026, 12, 5), Note = "EA 2027" }, "ada.admin@demo.local", Ct);
        (await BucketsAsync()).ShouldBe((540_000L, 12_600_000L, false));

        // An explicit negotiated price for gpt-4o-mini from the 8th: used as entered, not discounted again.
        await prices.SaveAsync(new ModelPrice
        {
            Provider = ProviderKind.OpenAI, Model = "gpt-4o-mini", ServiceTier = "standard", InputPerMillionMicros = 100_000, CachedInputPerMillionMicros = 50_000,
            CacheWritePerMillionMicros = 100_000, OutputPerMillionMicros = 400_000, EffectiveFrom = new DateOnly(2026, 12, 8), Source = "contract 2026-117",
        }, "ada.admin@demo.local", Ct);
        (await BucketsAsync()).ShouldBe((500_000L, 12_600_000L, false));

        // Totals follow: the day's estimate is the re-costed buckets (no bill for the 9th).
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var spend = JsonDocument.Parse(await reader.GetStringAsync("api/v1/spend?from=2026-12-09&to=2026-12-09", Ct)).RootElement;
        spend.GetProperty("estimated").GetDecimal().ShouldBe(13.10m);

        await using var read = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        (await read.AuditEvents.AsNoTracking().Where(a => a.Action.StartsWith("price.")).Select(a => a.Action).ToListAsync(Ct))
            .ShouldBe(["price.import", "price.discount.add", "price.set"], ignoreOrder: true);

        // Bad input is named, and nothing is written.
        (await Should.ThrowAsync<PriceValidationException>(() => prices.AddDiscountAsync(new PriceDiscount { Provider = ProviderKind.OpenAI, Percent = 120, EffectiveFrom = new DateOnly(2026, 12, 1) }, "a", Ct)))
            .Message.ShouldContain("at most 100");
        (await Should.ThrowAsync<PriceValidationException>(() => prices.SaveAsync(new ModelPrice { Provider = ProviderKind.OpenAI, Model = "", ServiceTier = "turbo", OutputPerMillionMicros = -1, EffectiveFrom = new DateOnly(2026, 12, 1) }, "a", Ct)))
            .Message.ShouldContain("Tier must be one of");
        await using var notJson = new MemoryStream("{ nope"u8.ToArray());
        (await Should.ThrowAsync<PriceValidationException>(() => prices.PreviewImportAsync(notJson, "x.json", new DateOnly(2026, 12, 1), "a", Ct))).Message.ShouldStartWith("x.json is not JSON");
        (await read.PriceDiscounts.CountAsync(Ct)).ShouldBe(1);
    }
}
