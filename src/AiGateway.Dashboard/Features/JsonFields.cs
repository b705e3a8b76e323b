using System.Globalization;
using System.Text.Json;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features;

/// <summary>
/// Reads one field of a JSON object sent by a gateway, adding a sentence naming the field to <c>problems</c> when it is
/// bad, so a request can list every bad field at once.
/// </summary>
public static class JsonFields
{
    public const long MaxTokens = 1_000_000_000_000;
    public const decimal MaxUsd = 1_000_000;

    public static string? Text(JsonElement item, string name, int max, bool required, List<string> problems)
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

    public static long Count(JsonElement item, string name, long fallback, long max, List<string> problems)
    {
        if (!item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 && n <= max) return n;
        problems.Add($"{name} must be a whole number from 0 to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
        return fallback;
    }

    /// <summary>A provider by name (not a number, never the gateway's own connection).</summary>
    public static ProviderKind? Provider(JsonElement item, string name, bool required, List<string> problems)
    {
        var text = Text(item, name, 50, required, problems);
        if (text is null) return null;
        if (Enum.TryParse<ProviderKind>(text, ignoreCase: true, out var provider) && !int.TryParse(text, out _) && provider != ProviderKind.Gateway) return provider;
        problems.Add($"{name} '{text}' is not known; use {string.Join(", ", Enum.GetNames<ProviderKind>().Where(n => n is not (nameof(ProviderKind.Simulated) or nameof(ProviderKind.Gateway))))}.");
        return null;
    }

    public static string Tier(JsonElement item, List<string> problems)
    {
        var tier = Text(item, "serviceTier", 20, required: false, problems)?.ToLowerInvariant() ?? ModelPrice.StandardTier;
        if (!UsageEvent.Tiers.Contains(tier)) problems.Add($"serviceTier '{tier}' is not one of {string.Join(", ", UsageEvent.Tiers)}.");
        return tier;
    }

    public static Dictionary<string, string>? Tags(JsonElement item, List<string> problems)
    {
        if (!item.TryGetProperty("tags", out var t) || t.ValueKind == JsonValueKind.Null) return null;
        if (t.ValueKind != JsonValueKind.Object) { problems.Add("tags must be an object of text values."); return null; }
        var tags = new Dictionary<string, string>();
        foreach (var p in t.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || p.Name.Length is 0 or > 100 || p.Value.GetString()!.Length > 200 || p.Name.Contains(',') || p.Value.GetString()!.Contains(','))
            { problems.Add($"tag '{p.Name}' must be text (name 1–100, value up to 200 characters, no commas)."); continue; }
            tags[p.Name] = p.Value.GetString()!;
        }
        if (tags.Count > 20) problems.Add("at most 20 tags per event.");
        return tags;
    }

    /// <summary>An amount in USD from 0 to <see cref="MaxUsd"/>, in micro-dollars rounded once.</summary>
    public static long? Usd(JsonElement item, string name, List<string> problems)
    {
        if (!item.TryGetProperty(name, out var c) || c.ValueKind == JsonValueKind.Null) return null;
        if (c.ValueKind != JsonValueKind.Number || !c.TryGetDecimal(out var usd) || usd < 0 || usd > MaxUsd)
        {
            problems.Add($"{name} must be a number of USD from 0 to {MaxUsd.ToString("N0", CultureInfo.InvariantCulture)}.");
            return null;
        }
        return Money.MicrosFromMajorRounded(usd);
    }
}
