namespace AiGateway.Dashboard.Configuration;

public sealed class UsageOptions
{
    public const string Section = "Usage";

    /// <summary>The most events one batch may carry (413 above).</summary>
    public int MaxBatchEvents { get; set; } = 10_000;

    /// <summary>The largest request body, in bytes (413 above).</summary>
    public long MaxRequestBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Events older than this many days are refused per item (their months are billed by then).</summary>
    public int MaxAgeDays { get; set; } = 40;

    /// <summary>How long an event id is remembered: the same id within it counts once.</summary>
    public int DedupDays { get; set; } = 40;
}
