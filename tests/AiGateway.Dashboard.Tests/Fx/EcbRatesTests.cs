using AiGateway.Dashboard.Features.Fx;
using AiGateway.Dashboard.Tests.Support;

namespace AiGateway.Dashboard.Tests.Fx;

public class EcbRatesTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 17, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_feed_gives_every_days_rates_against_the_euro_exactly()
    {
        var rates = EcbRates.Parse(Fixtures.Read("Ecb/eurofxref-hist-sample.xml"), "feed", Now);

        rates.Count.ShouldBe(16);
        rates.ShouldAllBe(r => r.From == "EUR" && r.Source == "ECB");
        rates.Single(r => r.Day == new DateOnly(2026, 11, 20) && r.To == "GBP").Rate.ShouldBe(0.85318m);
        rates.Single(r => r.Day == new DateOnly(2026, 11, 13) && r.To == "JPY").Rate.ShouldBe(162.40m);
    }

    [Theory]
    [InlineData("<Cube><Cube time=\"2026-11-20\"><Cube currency=\"USD\" rate=\"1.05\"/></Cube>", "not well-formed XML (line 1")]
    [InlineData("<Cube><Cube time=\"20.11.2026\"><Cube currency=\"USD\" rate=\"1.05\"/></Cube></Cube>", "the day '20.11.2026' (line 1)")]
    [InlineData("<Cube><Cube time=\"2026-11-20\">\n<Cube currency=\"USD\" rate=\"-1\"/></Cube></Cube>", "currency 'USD' with rate '-1' on 2026-11-20 (line 2)")]
    [InlineData("<html><body>Service unavailable</body></html>", "holds no rates")]
    public void A_broken_feed_is_refused_in_words_and_keeps_what_is_stored(string xml, string expected)
    {
        var refused = Should.Throw<InvalidDataException>(() => EcbRates.Parse(xml, "https://ecb.example/feed.xml", Now));

        refused.Message.ShouldContain(expected);
        refused.Message.ShouldContain("https://ecb.example/feed.xml");
        refused.Message.ShouldEndWith("The rates already stored are kept.");
    }
}
