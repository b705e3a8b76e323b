using System.Text;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Prices;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Dashboard.Tests.Prices;

/// <summary>The shipped catalog: every entry valid, loaded once, refreshed without touching an admin's prices.</summary>
public class PriceCatalogTests
{
    private static Stream Json(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void The_shipped_catalog_parses_covers_every_provider_and_prices_its_demo_models()
    {
        var snapshot = PriceCatalog.Load();

        snapshot.Prices.Select(p => p.Provider).Distinct().Order().ShouldBe(
            [ProviderKind.OpenAI, ProviderKind.Anthropic, ProviderKind.AzureOpenAI, ProviderKind.AwsBedrock, ProviderKind.GoogleVertex, ProviderKind.Mistral]);
        snapshot.Prices.GroupBy(p => (p.Provider, p.Model, p.Tier)).ShouldAllBe(g => g.Count() == 1);
        var book = new PriceBook(PriceCatalog.Prices(snapshot, DateTime.UtcNow));
        foreach (var model in AiGateway.Dashboard.Providers.Simulated.SimulatedSpendGenerator.Models)
            book.PriceOf(model.Provider, model.Name, null, snapshot.AsOf).ShouldNotBeNull(model.Name);
    }

    [Theory]
    [InlineData("""{"asOf":"2026-12-01","prices":[{"provider":"OpenAI","model":"","input":1,"cachedInput":1,"output":1,"source":"https://x.test"}]}""", "price 1: the model is missing.")]
    [InlineData("""{"asOf":"2026-12-01","prices":[{"provider":"OpenAI","model":"m","input":-1,"cachedInput":1,"output":1,"source":"https://x.test"}]}""", "price 1 (OpenAI m): prices are USD")]
    [InlineData("""{"asOf":"2026-12-01","prices":[{"provider":"OpenAI","model":"m","input":0.0000001,"cachedInput":1,"output":1,"source":"https://x.test"}]}""", "at most 6 decimals")]
    [InlineData("""{"asOf":"2026-12-01","prices":[{"provider":"OpenAI","model":"m","input":1,"cachedInput":1,"output":1,"source":"pricing page"}]}""", "the source must be the pricing page's URL")]
    public void A_bad_entry_stops_with_its_position(string json, string says) =>
        Should.Throw<InvalidDataException>(() => PriceCatalog.Parse(Json(json))).Message.ShouldContain(says);

    [Fact]
    public async Task Loading_twice_writes_nothing_the_second_time_and_never_touches_an_admins_price()
    {
        await using var db = await TestDatabase.CreateAsync();
        var service = new PricesService(db, new AiGateway.Dashboard.Data.DatabaseWriteGate(true), new NoServices(), new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T08:00:00Z")), NullLogger<PricesService>.Instance);
        var snapshot = PriceCatalog.Parse(Json("""{"asOf":"2026-12-01","prices":[{"provider":"OpenAI","model":"gpt-4o","input":2.5,"cachedInput":1.25,"output":10,"source":"https://openai.com/api/pricing/"}]}"""));
        (await service.LoadCatalogAsync(snapshot, CancellationToken.None)).ShouldBe(1);
        await using (var context = db.CreateDbContext())
        {
            context.ModelPrices.Add(new ModelPrice { Provider = ProviderKind.OpenAI, Model = "gpt-4o", EffectiveFrom = new DateOnly(2026, 12, 1), Origin = PriceOrigin.Admin,
                InputPerMillionMicros = 2_000_000, OutputPerMillionMicros = 8_000_000, Source = "negotiated", ChangedBy = "admin@example.com" });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        (await service.LoadCatalogAsync(snapshot, CancellationToken.None)).ShouldBe(0);
        var changed = PriceCatalog.Parse(Json("""{"asOf":"2026-12-01","prices":[{"provider":"OpenAI","model":"gpt-4o","input":3,"cachedInput":1.5,"output":12,"source":"https://openai.com/api/pricing/"}]}"""));
        (await service.LoadCatalogAsync(changed, CancellationToken.None)).ShouldBe(1);

        await using var read = db.CreateDbContext();
        var rows = await read.ModelPrices.OrderBy(p => p.Origin).ToListAsync(TestContext.Current.CancellationToken);
        rows.Select(p => (p.Origin, p.InputPerMillionMicros)).ShouldBe([(PriceOrigin.Catalog, 3_000_000L), (PriceOrigin.Admin, 2_000_000L)]);
        // In force that day: the admin's price before the catalog's.
        (await service.ListAsync(ProviderKind.OpenAI, "gpt-4o", new DateOnly(2026, 12, 1), CancellationToken.None)).ShouldHaveSingleItem().Origin.ShouldBe(PriceOrigin.Admin);
        (await service.ListAsync(ProviderKind.OpenAI, null, null, CancellationToken.None)).Count.ShouldBe(2);
        // The catalog's price applies before its snapshot date too; the admin's only from its own date.
        (await service.ListAsync(ProviderKind.OpenAI, null, new DateOnly(2026, 11, 30), CancellationToken.None)).ShouldHaveSingleItem().Origin.ShouldBe(PriceOrigin.Catalog);
    }

    /// <summary>Loading the catalog re-costs nothing, so it needs no other service.</summary>
    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
