namespace AiGateway.Dashboard.Configuration;

/// <summary>Limits per client address and per caller; a refusal is a 429 problem with Retry-After.</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    /// <summary>Failed API-key authentications and sign-ins one client address may make per window before it must wait.</summary>
    public int FailedSignInsPerWindow { get; set; } = 10;

    /// <summary>Exports and workbooks one API key or person may ask for per window.</summary>
    public int ExpensivePerWindow { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
