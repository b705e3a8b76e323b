namespace AiGateway.Dashboard.Configuration;

/// <summary><c>Fx</c>: where the daily reference rates come from and when they are fetched.</summary>
public sealed class FxOptions
{
    public const string Section = "Fx";
    public const string EcbDaily = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";

    /// <summary>The ECB's reference-rates XML (the daily file, or its 90-day history to fill a gap).</summary>
    public string FeedUrl { get; set; } = EcbDaily;
    /// <summary>UTC cron; the ECB publishes around 16:00 CET on working days.</summary>
    public string Schedule { get; set; } = "30 16 * * *";
}
