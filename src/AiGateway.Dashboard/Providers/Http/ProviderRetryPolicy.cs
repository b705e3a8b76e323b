using System.Globalization;
using System.Net;
using Polly;
using Polly.Timeout;

namespace AiGateway.Dashboard.Providers.Http;

/// <summary>What is worth retrying, and how long a provider asked us to wait.</summary>
public static class ProviderRetryPolicy
{
    // Azure Cost Management may send several of these at once; the longest wins.
    private static readonly string[] RetryAfterHeaders =
    [
        "Retry-After",
        "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after",
        "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after",
        "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after",
        "x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after",
        "x-ms-ratelimit-microsoft.costmanagement-client-retry-after",
        "x-ms-ratelimit-microsoft.consumption-retry-after",
    ];

    /// <summary>429 (unless the quota is exhausted), 408, 5xx, network errors and attempt time-outs. Never 400/401/403/404.</summary>
    public static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException) return true;
        if (outcome.Result is not { } response) return false;
        var status = (int)response.StatusCode;
        if (status == (int)HttpStatusCode.TooManyRequests) return !await IsQuotaExhaustedAsync(response);
        // AWS JSON services throttle with 400 and an error type, unlike every other 400 (which retrying cannot fix).
        if (status == (int)HttpStatusCode.BadRequest) return await IsAwsThrottleAsync(response);
        return status == (int)HttpStatusCode.RequestTimeout || status >= 500;
    }

    /// <summary>The provider's requested delay, capped; null lets the exponential back-off decide.</summary>
    public static TimeSpan? RequestedDelay(HttpResponseMessage? response, TimeSpan cap, DateTimeOffset now)
    {
        if (response is null) return null;
        TimeSpan? longest = null;
        foreach (var name in RetryAfterHeaders)
        {
            if (!response.Headers.TryGetValues(name, out var values)) continue;
            foreach (var value in values)
            {
                TimeSpan? delay = null;
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                {
                    delay = TimeSpan.FromSeconds(seconds);
                }
                else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    delay = at > now ? at - now : TimeSpan.Zero;
                }
                if (delay is { } d && (longest is null || d > longest)) longest = d;
            }
        }
        return longest is { } l && l > cap ? cap : longest;
    }

    private static async Task<bool> IsAwsThrottleAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsStringAsync();
        return body.Contains("LimitExceededException", StringComparison.Ordinal) || body.Contains("ThrottlingException", StringComparison.Ordinal);
    }

    // OpenAI answers 429 with code "insufficient_quota" when the bill is unpaid: waiting will not help.
    private static async Task<bool> IsQuotaExhaustedAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsStringAsync();
        return body.Contains("insufficient_quota", StringComparison.OrdinalIgnoreCase)
               || body.Contains("quota_exceeded", StringComparison.OrdinalIgnoreCase);
    }
}
