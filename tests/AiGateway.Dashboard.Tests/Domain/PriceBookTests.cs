using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class PriceBookTests
{
    private static ModelPrice Price(string model, long input, long cached, long write, long output, string from = "2026-01-01", string tier = ModelPrice.StandardTier,
        ProviderKind provider = ProviderKind.OpenAI, long? write1h = null) => new()
    {
        Provider = provider, Model = model, ServiceTier = tier, InputPerMillionMicros = input, CachedInputPerMillionMicros = cached,
        CacheWritePerMillionMicros = write, CacheWrite1hPerMillionMicros = write1h, OutputPerMillionMicros = output, EffectiveFrom = DateOnly.Parse(from),
    };

    private static readonly PriceBook Book = new([
        Price("gpt-4o", 2_500_000, 1_250_000, 0, 10_000_000),
        Price("gpt-4o", 1_250_000, 625_000, 0, 5_000_000, tier: "batch"),
        Price("gpt-4o", 2_000_000, 1_000_000, 0, 8_000_000, from: "2026-11-15"),
        Price("gpt-4o-mini", 150_000, 75_000, 0, 600_000),
        Price("claude-sonnet-4-5", 3_000_000, 300_000, 3_750_000, 15_000_000, provider: ProviderKind.Anthropic, write1h: 6_000_000),
    ]);

    [Fact]
    public void Each_token_kind_is_priced_on_its_own_and_the_sum_is_rounded_once()
    {
        var sonnet = Book.PriceOf(ProviderKind.Anthropic, "claude-sonnet-4-5-20250929", null, new DateOnly(2026, 11, 20))!;

        // 1,000 uncached + 10,000 cache reads + 2,000 5-minute writes + 500 1-hour writes + 3,000 output tokens.
        sonnet.CostMicros(1_000, 10_000, 2_000, 3_000, 500).ShouldBe(3_000 + 3_000 + 7_500 + 3_000 + 45_000);
        // One token of gpt-4o-mini input is 0.15 micro-dollars: alone it rounds to 0, a million of them to exactly $0.15.
        var mini = Book.PriceOf(ProviderKind.OpenAI, "gpt-4o-mini", null, new DateOnly(2026, 11, 20))!;
        mini.CostMicros(1, 0, 0, 0).ShouldBe(0);
        mini.CostMicros(3, 0, 0, 3).ShouldBe(2); // 0.45 + 1.8 = 2.25 → 2, rounded once, not per kind (0 + 2)
        mini.CostMicros(1_000_000, 0, 0, 0).ShouldBe(150_000);
    }

    [Fact]
    public void The_price_in_force_is_the_latest_from_on_or_before_the_day_and_a_tier_without_its_own_uses_standard()
    {
        Book.PriceOf(ProviderKind.OpenAI, "gpt-4o", null, new DateOnly(2026, 11, 14))!.InputPerMillionMicros.ShouldBe(2_500_000);
        Book.PriceOf(ProviderKind.OpenAI, "gpt-4o", "standard", new DateOnly(2026, 11, 15))!.InputPerMillionMicros.ShouldBe(2_000_000);
        Book.PriceOf(ProviderKind.OpenAI, "gpt-4o", "batch", new DateOnly(2026, 11, 20))!.InputPerMillionMicros.ShouldBe(1_250_000);
        Book.PriceOf(ProviderKind.OpenAI, "gpt-4o-mini", "priority", new DateOnly(2026, 11, 20))!.InputPerMillionMicros.ShouldBe(150_000);
        Book.PriceOf(ProviderKind.OpenAI, "gpt-4o", null, new DateOnly(2025, 12, 31)).ShouldBeNull("no price before the first one");
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("GPT-4o", "gpt-4o")]
    public void Dated_snapshots_find_their_familys_price(string used, string priced) =>
        Book.PriceOf(ProviderKind.OpenAI, used, null, new DateOnly(2026, 11, 1))!.Model.ShouldBe(priced);

    [Theory]
    [InlineData(ProviderKind.OpenAI, "gpt-4o4-turbo")]
    [InlineData(ProviderKind.OpenAI, "o3")]
    [InlineData(ProviderKind.Mistral, "mistral-large")]
    [InlineData(ProviderKind.Anthropic, "gpt-4o")]
    public void An_unknown_model_has_no_price_never_zero(ProviderKind provider, string model) =>
        Book.PriceOf(provider, model, null, new DateOnly(2026, 11, 1)).ShouldBeNull();
}
