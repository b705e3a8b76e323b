using System.Collections.Concurrent;

namespace AiGateway.Dashboard.Providers.Http;

/// <summary>
/// What a client keeps between runs until it expires — access tokens, assumed-role credentials, a discovered list — read through
/// the clock. A value is fetched again once less than <paramref name="margin"/> of its life is left.
/// </summary>
public sealed class ExpiringCache<T>(TimeProvider time, TimeSpan margin)
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Until)> _entries = new();

    /// <param name="fetch">Gives the value and when it expires.</param>
    public async Task<T> GetAsync(string key, Func<DateTimeOffset, Task<(T Value, DateTimeOffset Until)>> fetch, bool reuse = true)
    {
        var now = time.GetUtcNow();
        if (reuse && _entries.TryGetValue(key, out var entry) && entry.Until - margin > now) return entry.Value;
        var fresh = await fetch(now);
        _entries[key] = fresh;
        return fresh.Value;
    }
}
