using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Fx;

/// <summary>Usage priced in a reporting currency other than the price's: converted at the day's rate, never 1:1.</summary>
public class ReportingCurrencyTests
{
    private static readonly DateOnly Monday = new(2026, 11, 16);

    private static readonly ModelPrice Mini = new()
    {
        Provider = ProviderKind.OpenAI, Model = "gpt-4o-mini", EffectiveFrom = new DateOnly(2026, 1, 1), Origin = PriceOrigin.Admin,
        InputPerMillionMicros = 150_000, OutputPerMillionMicros = 600_000, Source = "list", ChangedBy = "admin@example.com",
    };

    private static readonly FxTable Ecb = new([new FxRate { Day = Monday, From = "EUR", To = "USD", ScaledRate = FxRate.ToScaled(1.0543m) }]);

    [Fact]
    public void A_dollar_price_costs_euro_usage_at_the_days_rate()
    {
        var book = new PriceBook([Mini], null, Ecb, "EUR");
        // 1M input + 1M output = $0.75 = 0.75 / 1.0543 EUR = 0.7113724... EUR, rounded once to the micro-unit.
        book.CostOf(ProviderKind.OpenAI, "gpt-4o-mini", null, Monday, 1_000_000, 0, 0, 1_000_000).ShouldBe(711_372);
        // Tuesday borrows Monday's rate (no publication yet); a day a week past it has none.
        book.CostOf(ProviderKind.OpenAI, "gpt-4o-mini", null, Monday.AddDays(1), 1_000_000, 0, 0, 1_000_000).ShouldBe(711_372);
        book.CostOf(ProviderKind.OpenAI, "gpt-4o-mini", null, Monday.AddDays(FxTable.MaxLookbackDays + 1), 1_000_000, 0, 0, 1_000_000).ShouldBeNull();
    }

    [Fact]
    public void Without_a_rate_usage_is_unpriced_not_taken_one_for_one()
    {
        var book = new PriceBook([Mini], null, new FxTable([]), "GBP");
        book.CostOf(ProviderKind.OpenAI, "gpt-4o-mini", null, Monday, 1_000_000, 0, 0, 1_000_000).ShouldBeNull();
        var bucket = new UsageHour { HourUtc = Monday.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), Provider = ProviderKind.OpenAI, Model = "gpt-4o-mini", InputTokens = 1_000_000 };
        bucket.Price(book);
        (bucket.Unpriced, bucket.CostMicros).ShouldBe((true, 0L));
        bucket.Price(new PriceBook([Mini]));
        (bucket.Unpriced, bucket.CostMicros).ShouldBe((false, 150_000L));
    }

    [Theory]
    [InlineData("USD", null)]
    [InlineData("eur", null)]
    [InlineData("GBP", null)]
    [InlineData("dollars", "not a three-letter")]
    [InlineData("E1R", "not a three-letter")]
    [InlineData("", "not a three-letter")]
    public void A_reporting_currency_is_a_three_letter_code(string code, string? problem)
    {
        if (problem is null) ReportingCurrency.Problem(code).ShouldBeNull();
        else ReportingCurrency.Problem(code).ShouldNotBeNull().ShouldContain(problem);
    }
}
