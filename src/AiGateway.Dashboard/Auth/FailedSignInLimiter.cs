using System.Threading.RateLimiting;
using AiGateway.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Auth;

/// <summary>
/// Counts failed API-key authentications and sign-ins per client address; past the limit the address waits out the
/// window (even with a good key), so keys and personas cannot be guessed at speed.
/// </summary>
public sealed class FailedSignInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public FailedSignInLimiter(IOptions<RateLimitsOptions> options)
    {
        var o = options.Value;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, o.FailedSignInsPerWindow), Window = o.Window, QueueLimit = 0, AutoReplenishment = true }));
    }

    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>When the address has used up its failures: how long until it may try again.</summary>
    public bool IsBlocked(HttpContext context, out TimeSpan retryAfter)
    {
        using var probe = _failures.AttemptAcquire(AddressOf(context), 0);
        retryAfter = probe.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return !probe.IsAcquired;
    }

    public void RecordFailure(HttpContext context) => _failures.AttemptAcquire(AddressOf(context)).Dispose();

    public void Dispose() => _failures.Dispose();
}
