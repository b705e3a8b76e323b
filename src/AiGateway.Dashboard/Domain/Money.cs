using System.Globalization;

namespace AiGateway.Dashboard.Domain;

/// <summary>
/// An exact amount of money in micro-units (1 USD = 1,000,000, 1 EUR = 1,000,000) with its ISO-4217 code.
/// Never a double: sums must agree with the provider to the micro-unit.
/// </summary>
public readonly record struct Money(long Micros, string Currency)
{
    public const long MicrosPerUnit = 1_000_000;
    public const string Usd = "USD";

    public static Money Zero(string currency = Usd) => new(0, currency);

    /// <summary>An amount in US dollars: list prices, and what a gateway reports a request cost.</summary>
    public static Money OfUsd(long micros) => new(micros, Usd);

    /// <summary>An amount in the reporting currency, the currency of every stored figure, budget and total (<see cref="ReportingCurrency"/>).</summary>
    public static Money Reporting(long micros) => new(micros, ReportingCurrency.Code);

    /// <summary>Converts a major-unit amount (dollars) to micros. Fails rather than silently losing a fraction.</summary>
    public static long MicrosFromMajor(decimal major)
    {
        var micros = major * MicrosPerUnit;
        if (micros != decimal.Truncate(micros))
        {
            throw new ArgumentOutOfRangeException(nameof(major), major,
                "The amount has more than six decimal places and cannot be stored exactly in micro-units.");
        }
        if (micros > long.MaxValue || micros < long.MinValue)
        {
            throw new ArgumentOutOfRangeException(nameof(major), major, "The amount is too large.");
        }
        return (long)micros;
    }

    /// <summary>Converts to micros, rounding half to even where the source has sub-micro precision.</summary>
    public static long MicrosFromMajorRounded(decimal major) =>
        (long)decimal.Round(major * MicrosPerUnit, 0, MidpointRounding.ToEven);

    public decimal ToMajor() => (decimal)Micros / MicrosPerUnit;

    public static Money operator +(Money a, Money b)
    {
        EnsureSameCurrency(a, b);
        return new Money(checked(a.Micros + b.Micros), a.Currency);
    }

    public static Money operator -(Money a, Money b)
    {
        EnsureSameCurrency(a, b);
        return new Money(checked(a.Micros - b.Micros), a.Currency);
    }

    /// <summary>Formats for people: "$1,234.56" for USD, "1,234.56 EUR" otherwise.</summary>
    public string Format(int decimals = 2)
    {
        var major = decimal.Round(ToMajor(), decimals, MidpointRounding.AwayFromZero);
        var number = major.ToString("N" + decimals, CultureInfo.InvariantCulture);
        if (Currency == Usd)
        {
            return major < 0 ? "-$" + number.TrimStart('-') : "$" + number;
        }
        return number + " " + Currency;
    }

    /// <summary>A chart axis label of a whole amount in the reporting currency: "$1,234" or "1,234 EUR".</summary>
    public static string Axis(double major)
    {
        var number = major.ToString("N0", CultureInfo.InvariantCulture);
        return ReportingCurrency.Code == Usd ? "$" + number : number + " " + ReportingCurrency.Code;
    }

    /// <summary>A chart tooltip's title in the reporting currency, around the chart's <c>{{Y_VALUE}}</c>.</summary>
    public static string TooltipFormat => ReportingCurrency.Code == Usd ? "${{Y_VALUE}}" : "{{Y_VALUE}} " + ReportingCurrency.Code;

    /// <summary>As <see cref="Format"/>, with a "+" before an amount above zero (a change, a restatement, a true-up).</summary>
    public string FormatSigned() => (Micros > 0 ? "+" : "") + Format();

    public override string ToString() => Format(6);

    private static void EnsureSameCurrency(Money a, Money b)
    {
        if (!string.Equals(a.Currency, b.Currency, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency} amounts.");
        }
    }
}
