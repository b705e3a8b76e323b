using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Usage;

/// <summary>
/// Reads a batch of gateway events field by field, so that every bad value is named ("item 3: inputTokens must be a
/// whole number from 0 to 1,000,000,000,000"). All or nothing: the caller stores the batch only when there is no error.
/// </summary>
public static partial class UsageBatchParser
{
    public const long MaxTokens = 1_000_000_000_000;
    private const int MaxErrors = 100;

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitZone();

    public static (IReadOnlyList<UsageEvent> Events, IReadOnlyList<string> Errors) Parse(JsonElement events, DateTime nowUtc, UsageOptions options, IReadOnlySet<string> unitCodes)
    {
        var parsed = new List<UsageEvent>(events.GetArrayLength());
        var errors = new List<string>();
        var index = 0;
        foreach (var item in events.EnumerateArray())
        {
            index++;
            var problems = new List<string>();
            var e = ParseOne(item, nowUtc, options, unitCodes, problems);
            if (problems.Count == 0) parsed.Add(e!);
            else if (errors.Count < MaxErrors) errors.AddRange(problems.Select(p => $"item {index}: {p}"));
        }
        return (parsed, errors.Take(MaxErrors).ToList());
    }

    private static UsageEvent? ParseOne(JsonElement item, DateTime nowUtc, UsageOptions options, IReadOnlySet<string> unitCodes, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object) { problems.Add("an event must be a JSON object."); return null; }
        var id = Text(item, "id", 200, required: true, problems);
        var model = Text(item, "model", 200, required: true, problems);
        var project = Text(item, "project", 200, required: false, problems);
        var apiKey = Text(item, "apiKey", 200, required: false, problems);
        var reservation = Text(item, "reservationId", 100, required: false, problems);

        DateTime timestamp = default;
        var stamp = Text(item, "timestamp", 40, required: true, problems);
        if (stamp is not null)
        {
            if (!ExplicitZone().IsMatch(stamp) || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                problems.Add($"timestamp '{stamp}' is not an ISO 8601 time with its zone (for example 2026-11-20T14:03:00Z).");
            else if ((timestamp = at.UtcDateTime) < nowUtc.AddDays(-options.MaxAgeDays))
                problems.Add($"timestamp {stamp} is more than {options.MaxAgeDays} days old (Usage:MaxAgeDays).");
            else if (timestamp > nowUtc.AddMinutes(5))
                problems.Add($"timestamp {stamp} is more than 5 minutes in the future.");
        }

        ProviderKind provider = default;
        var providerText = Text(item, "provider", 50, required: true, problems);
        if (providerText is not null && (!Enum.TryParse(providerText, ignoreCase: true, out provider) || int.TryParse(providerText, out _) || provider == ProviderKind.Gateway))
            problems.Add($"provider '{providerText}' is not known; use {string.Join(", ", Enum.GetNames<ProviderKind>().Where(n => n is not (nameof(ProviderKind.Simulated) or nameof(ProviderKind.Gateway))))}.");

        var orgUnit = Text(item, "orgUnit", 100, required: false, problems)?.ToLowerInvariant();
        if (orgUnit is not null && !unitCodes.Contains(orgUnit)) problems.Add($"orgUnit '{orgUnit}' is not a known org unit code.");

        var tier = Text(item, "serviceTier", 20, required: false, problems)?.ToLowerInvariant() ?? ModelPrice.StandardTier;
        if (!UsageEvent.Tiers.Contains(tier)) problems.Add($"serviceTier '{tier}' is not one of {string.Join(", ", UsageEvent.Tiers)}.");

        Dictionary<string, string>? tags = null;
        if (item.TryGetProperty("tags", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Object) problems.Add("tags must be an object of text values.");
            else
            {
                tags = [];
                foreach (var p in t.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || p.Name.Length is 0 or > 100 || p.Value.GetString()!.Length > 200 || p.Name.Contains(',') || p.Value.GetString()!.Contains(','))
                    { problems.Add($"tag '{p.Name}' must be text (name 1–100, value up to 200 characters, no commas)."); continue; }
                    tags[p.Name] = p.Value.GetString()!;
                }
                if (tags.Count > 20) problems.Add("at most 20 tags per event.");
            }
        }

        var input = Count(item, "inputTokens", 0, MaxTokens, problems);
        var cached = Count(item, "cachedInputTokens", 0, MaxTokens, problems);
        var write = Count(item, "cacheWriteTokens", 0, MaxTokens, problems);
        var output = Count(item, "outputTokens", 0, MaxTokens, problems);
        var requests = Count(item, "requests", 1, 1_000_000_000, problems);

        long? cost = null;
        if (item.TryGetProperty("cost", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.Number || !c.TryGetDecimal(out var usd) || usd < 0 || usd > 1_000_000)
                problems.Add("cost must be a number of USD from 0 to 1,000,000.");
            else cost = Money.MicrosFromMajorRounded(usd);
        }

        return problems.Count > 0 ? null : new UsageEvent(id!, timestamp, provider, model!, orgUnit, project, apiKey, tags, input, cached, write, output, requests, tier, cost, reservation);
    }

    private static string? Text(JsonElement item, string name, int max, bool required, List<string> problems)
    {
        if (!item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) problems.Add($"{name} is required.");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String) { problems.Add($"{name} must be text."); return null; }
        var s = v.GetString()!.Trim();
        if (TextInput.Problem(s, name, max, required) is { } problem) { problems.Add(problem); return null; }
        return s.Length == 0 ? null : s;
    }

    private static long Count(JsonElement item, string name, long fallback, long max, List<string> problems)
    {
        if (!item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 && n <= max) return n;
        problems.Add($"{name} must be a whole number from 0 to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
        return fallback;
    }
}
