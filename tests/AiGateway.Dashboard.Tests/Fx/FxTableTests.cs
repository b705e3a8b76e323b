using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Fx;

/// <summary>The rules of conversion, without a host: which rate a day takes, and exact rounding.</summary>
public class FxTableTests
{
    private static FxRate Rate(string day, string from, string to, decimal rate) =>
        new() { Day = DateOnly.Parse(day), From = from, To = to, ScaledRate = FxRate.ToScaled(rate) };

    private static readonly FxTable Ecb = new([
        Rate("2026-11-13", "EUR", "USD", 1.0610m), // a Friday
        Rate("2026-11-16", "EUR", "USD", 1.0543m),
        Rate("2026-11-16", "EUR", "GBP", 0.85318m),
    ]);

    [Fact]
    public void A_day_without_a_publication_takes_the_latest_earlier_business_day()
    {
        var saturday = Ecb.Find("EUR", "USD", new DateOnly(2026, 11, 14)).ShouldNotBeNull();
        saturday.Rate.ShouldBe(1.0610m);
        saturday.PublishedOn.ShouldBe(new DateOnly(2026, 11, 13));
        Ecb.Find("EUR", "USD", new DateOnly(2026, 11, 16))!.Rate.ShouldBe(1.0543m);
    }

    [Fact]
    public void No_rate_is_ever_assumed_before_the_first_or_beyond_a_week()
    {
        Ecb.Find("EUR", "USD", new DateOnly(2026, 11, 12)).ShouldBeNull();
        Ecb.Find("EUR", "USD", new DateOnly(2026, 11, 16).AddDays(FxTable.MaxLookbackDays)).ShouldBeNull();
        Ecb.Find("EUR", "JPY", new DateOnly(2026, 11, 16)).ShouldBeNull();
        Ecb.Find("USD", "USD", new DateOnly(1999, 1, 1))!.Rate.ShouldBe(1m);
    }

    [Fact]
    public void Rates_are_inverted_and_crossed_through_the_euro()
    {
        Ecb.Find("USD", "EUR", new DateOnly(2026, 11, 16))!.Rate.ShouldBe(1m / 1.0543m);
        var gbpUsd = Ecb.Find("GBP", "USD", new DateOnly(2026, 11, 16)).ShouldNotBeNull();
        gbpUsd.Rate.ShouldBe(1.0543m / 0.85318m);
        // 1,000 GBP = 1,235.7298577… USD
        FxTable.Convert([1_000_000_000], gbpUsd.Rate).ShouldBe([1_235_729_858]);
    }

    [Fact]
    public void Converted_rows_add_up_to_the_converted_day_total_rounded_once()
    {
        // Three EUR rows of 0.333333 at 1.0543 are 0.35143298… each; the exact day total 1.0542989457 rounds to
        // 1,054,299 micros, and the rows share exactly that.
        var rows = new[] { 333_333L, 333_333L, 333_333L };
        var converted = FxTable.Convert(rows, 1.0543m);
        converted.Sum().ShouldBe(Money.MicrosFromMajorRounded(999_999m / 1_000_000m * 1.0543m));
        converted.ShouldAllBe(c => c == 351_433 || c == 351_434);
    }

    [Fact]
    public void A_row_without_a_rate_is_kept_flagged_with_nothing_counted()
    {
        var rows = new List<CostRecord>
        {
            new() { UsageDate = new DateOnly(2026, 11, 16), Currency = "EUR", CostMicros = 2_000_000, Model = "gpt-4o" },
            new() { UsageDate = new DateOnly(2026, 11, 16), Currency = "JPY", CostMicros = 500_000_000, Model = "gpt-4o" },
            new() { UsageDate = new DateOnly(2026, 11, 16), Currency = "USD", CostMicros = 7, Model = "gpt-4o" },
        };

        var gaps = Ecb.ConvertRows(rows, "USD");

        rows[0].CostMicros.ShouldBe(2_108_600);
        rows[0].OriginalMicros.ShouldBe(2_000_000);
        rows[0].OriginalCurrency.ShouldBe("EUR");
        rows[1].Unconverted.ShouldBeTrue();
        rows[1].CostMicros.ShouldBe(0);
        rows[1].OriginalMicros.ShouldBe(500_000_000);
        rows[2].CostMicros.ShouldBe(7);
        rows.ShouldAllBe(r => r.Currency == "USD");
        gaps.ShouldHaveSingleItem().Describe().ShouldBe("no JPY→USD rate for 2026-11-16");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.2")]
    [InlineData("1.00000000001")]
    [InlineData("2000000000")]
    public void Implausible_rates_are_refused(string rate) =>
        Should.Throw<ArgumentOutOfRangeException>(() => FxRate.ToScaled(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)));
}
