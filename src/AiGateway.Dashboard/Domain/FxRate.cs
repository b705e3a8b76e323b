namespace AiGateway.Dashboard.Domain;

/// <summary>
/// One published or entered exchange rate: on <see cref="Day"/> (UTC), 1 <see cref="From"/> = <see cref="Rate"/>
/// <see cref="To"/>. The rate is kept exactly, as an integer of <see cref="Scale"/> parts, never a double.
/// </summary>
public class FxRate
{
    /// <summary>Ten decimal places: every reference rate published (ECB's have at most five) is held exactly.</summary>
    public const long Scale = 10_000_000_000;

    public long Id { get; set; }
    public DateOnly Day { get; set; }
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public long ScaledRate { get; set; }
    /// <summary>Where it came from: "ECB", "upload", or the person who entered it.</summary>
    public string Source { get; set; } = "";
    public DateTime UpdatedUtc { get; set; }

    public decimal Rate => (decimal)ScaledRate / Scale;

    /// <summary>The scaled integer of a rate, refusing what cannot be held exactly or is not a positive amount.</summary>
    public static long ToScaled(decimal rate)
    {
        if (rate <= 0) throw new ArgumentOutOfRangeException(nameof(rate), rate, "A rate must be above zero.");
        if (rate > 1_000_000_000m) throw new ArgumentOutOfRangeException(nameof(rate), rate, "A rate above 1,000,000,000 is not plausible.");
        var scaled = rate * Scale;
        if (scaled != decimal.Truncate(scaled)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "A rate may have at most ten decimal places.");
        return (long)scaled;
    }

    public string AuditText() => System.Text.Json.JsonSerializer.Serialize(new { Day = Day.ToString("yyyy-MM-dd"), From, To, Rate, Source });
}
