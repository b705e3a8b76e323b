using System.Text.Json;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Support;

/// <summary>Our own provider fixtures (Fixtures/…) and the totals they imply, computed independently of the clients.</summary>
public static class Fixtures
{
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));

    /// <summary>OpenAI: dollars as JSON numbers; a missing amount bills nothing. Exact per-day sum, rounded once to micros.</summary>
    public static Dictionary<DateOnly, long> OpenAICostByDay(params string[] pages) =>
        ByDay(pages, bucket => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(bucket.GetProperty("start_time").GetInt64()).UtcDateTime),
            bucket => bucket.TryGetProperty("results", out var r) ? r : bucket.GetProperty("result"),
            result => result.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Object ? a.GetProperty("value").GetDecimal() : null);

    /// <summary>Anthropic: decimal strings in cents.</summary>
    public static Dictionary<DateOnly, long> AnthropicCostByDay(params string[] pages) =>
        ByDay(pages, bucket => DateOnly.FromDateTime(bucket.GetProperty("starting_at").GetDateTime()),
            bucket => bucket.GetProperty("results"),
            result => decimal.Parse(result.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture) / 100m);

    private static Dictionary<DateOnly, long> ByDay(string[] pages, Func<JsonElement, DateOnly> day, Func<JsonElement, JsonElement> results, Func<JsonElement, decimal?> amount)
    {
        var exact = new Dictionary<DateOnly, decimal>();
        foreach (var page in pages)
        {
            using var doc = JsonDocument.Parse(Read(page));
            foreach (var bucket in doc.RootElement.GetProperty("data").EnumerateArray())
            {
                var d = day(bucket);
                foreach (var result in results(bucket).EnumerateArray())
                {
                    if (amount(result) is { } value) exact[d] = exact.GetValueOrDefault(d) + value;
                }
            }
        }
        return exact.ToDictionary(e => e.Key, e => Money.MicrosFromMajorRounded(e.Value));
    }
}
