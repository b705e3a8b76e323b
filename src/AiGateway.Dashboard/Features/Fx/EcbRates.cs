using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Fx;

/// <summary>
/// The ECB's euro foreign exchange reference rates XML (daily file or its history): <c>Cube time="YYYY-MM-DD"</c>
/// holding <c>Cube currency="USD" rate="1.0543"</c>, each meaning 1 EUR = rate units.
/// </summary>
public static class EcbRates
{
    public static IReadOnlyList<FxRate> Parse(string xml, string url, DateTime updatedUtc)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new InvalidDataException($"The rates feed at {url} is not well-formed XML (line {ex.LineNumber}, column {ex.LinePosition}): {ex.Message} The rates already stored are kept.", ex);
        }
        var rates = new List<FxRate>();
        foreach (var day in doc.Descendants().Where(e => e.Name.LocalName == "Cube" && e.Attribute("time") is not null))
        {
            var text = day.Attribute("time")!.Value;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new InvalidDataException($"The rates feed at {url} has the day '{text}' (line {Line(day)}), which is not YYYY-MM-DD. The rates already stored are kept.");
            foreach (var cube in day.Elements().Where(e => e.Name.LocalName == "Cube"))
            {
                var currency = cube.Attribute("currency")?.Value ?? "";
                var rateText = cube.Attribute("rate")?.Value ?? "";
                if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)
                    || !decimal.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
                {
                    throw new InvalidDataException($"The rates feed at {url} has currency '{currency}' with rate '{rateText}' on {text} (line {Line(cube)}), which is not a currency and a rate above zero. The rates already stored are kept.");
                }
                rates.Add(new FxRate { Day = date, From = FxTable.Eur, To = currency, ScaledRate = FxRate.ToScaled(rate), Source = "ECB", UpdatedUtc = updatedUtc });
            }
        }
        if (rates.Count == 0) throw new InvalidDataException($"The rates feed at {url} holds no rates (no Cube with a time and currencies). The rates already stored are kept.");
        return rates;
    }

    private static int Line(XElement e) => ((IXmlLineInfo)e).LineNumber;
}
