namespace AiGateway.Dashboard.Providers.Http;

/// <summary>
/// Resilience of provider calls (<c>Providers:Http</c>). Cost APIs are slow and rate-limited: attempts get
/// minutes, the whole call gets longer, and retries are few, spaced and honour Retry-After up to a cap.
/// </summary>
public sealed class ProviderHttpOptions
{
    public const string Section = "Providers:Http";

    public int MaxRetries { get; set; } = 3;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Longest wait a Retry-After header may impose; a longer one fails the run instead of stalling it.</summary>
    public TimeSpan RetryAfterCap { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>"Test connection": one attempt, no retry, this long at most.</summary>
    public TimeSpan TestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
