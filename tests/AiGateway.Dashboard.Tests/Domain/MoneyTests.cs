using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class MoneyTests
{
    [Theory]
    [InlineData("4.1875", 4_187_500)]
    [InlineData("0.000001", 1)]
    [InlineData("218.687957", 218_687_957)]
    [InlineData("-12.5", -12_500_000)]
    [InlineData("0", 0)]
    public void Major_amounts_convert_to_micros_exactly(string major, long micros) =>
        Money.MicrosFromMajor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(micros);

    [Fact]
    public void A_seventh_decimal_place_is_refused_rather_than_lost() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Money.MicrosFromMajor(1.2378912m)).Message.ShouldContain("six decimal places");

    [Theory]
    [InlineData("1.2378912", 1_237_891)]
    [InlineData("0.0000005", 0)]
    [InlineData("0.0000015", 2)]
    [InlineData("218.68795741935486", 218_687_957)]
    public void Sub_micro_precision_rounds_half_to_even(string major, long micros) =>
        Money.MicrosFromMajorRounded(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(micros);

    [Fact]
    public void Summing_a_million_small_amounts_is_exact()
    {
        var total = Money.Zero();
        for (var i = 0; i < 1_000_000; i++) total += Money.Reporting(1);
        total.Micros.ShouldBe(1_000_000);
        total.ToMajor().ShouldBe(1m);
    }

    [Fact]
    public void Different_currencies_are_never_added() =>
        Should.Throw<InvalidOperationException>(() => Money.Reporting(1) + new Money(1, "EUR"));

    [Theory]
    [InlineData(1_234_567_890, "$1,234.57")]
    [InlineData(-5_000_000, "-$5.00")]
    [InlineData(0, "$0.00")]
    public void Formats_for_people(long micros, string expected) => Money.Reporting(micros).Format().ShouldBe(expected);

    [Fact]
    public void Other_currencies_show_their_code() => new Money(2_500_000, "EUR").Format().ShouldBe("2.50 EUR");

    [Fact]
    public void Overflow_is_an_error_not_a_wrap() =>
        Should.Throw<OverflowException>(() => Money.Reporting(long.MaxValue) + Money.Reporting(1));
}
