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
    public const long MaxTokens = JsonFields.MaxTokens;
    private const int MaxErrors = 100;

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitZone();

    /// <param name="itemNumbers">The number each item has in what the caller received (when it is not the item's place in <paramref name="events"/>).</param>
    public static (IReadOnlyList<UsageEvent> Events, IReadOnlyList<string> Errors) Parse(JsonElement events, DateTime nowUtc, UsageOptions options, IReadOnlySet<string> unitCodes,
        IReadOnlyList<int>? itemNumbers = null)
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
            else if (errors.Count < MaxErrors) errors.AddRange(problems.Select(p => $"item {itemNumbers?[index - 1] ?? index}: {p}"));
        }
        return (parsed, errors.Take(MaxErrors).ToList());
    }

    private static UsageEvent? ParseOne(JsonElement item, DateTime nowUtc, UsageOptions options, IReadOnlySet<string> unitCodes, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object) { problems.Add("an event must be a JSON object."); return null; }
        var id = JsonFields.Text(item, "id", 200, required: true, problems);
        var model = JsonFields.Text(item, "model", 200, required: true, problems);
        var project = JsonFields.Text(item, "project", 200, required: false, problems);
        var apiKey = JsonFields.Text(item, "apiKey", 200, required: false, problems);
        var reservation = JsonFields.Text(item, "reservationId", 100, required: false, problems);

        DateTime timestamp = default;
        var stamp = JsonFields.Text(item, "timestamp", 40, required: true, problems);
        if (stamp is not null)
        {
            if (!ExplicitZone().IsMatch(stamp) || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                problems.Add($"timestamp '{stamp}' is not an ISO 8601 time with its zone (for example 2026-11-20T14:03:00Z).");
            else if ((timestamp = at.UtcDateTime) < nowUtc.AddDays(-options.MaxAgeDays))
                problems.Add($"timestamp {stamp} is more than {options.MaxAgeDays} days old (Usage:MaxAgeDays).");
            else if (timestamp > nowUtc.AddMinutes(5))
                problems.Add($"timestamp {stamp} is more than 5 minutes in the future.");
        }

        var provider = JsonFields.Provider(item, "provider", required: true, problems) ?? default;

        var orgUnit = JsonFields.Text(item, "orgUnit", 100, required: false, problems)?.ToLowerInvariant();
        if (orgUnit is not null && !unitCodes.Contains(orgUnit)) problems.Add($"orgUnit '{orgUnit}' is not a known org unit code.");

        var tier = JsonFields.Tier(item, problems);

        var tags = JsonFields.Tags(item, problems);

        var input = JsonFields.Count(item, "inputTokens", 0, MaxTokens, problems);
        var cached = JsonFields.Count(item, "cachedInputTokens", 0, MaxTokens, problems);
        var write = JsonFields.Count(item, "cacheWriteTokens", 0, MaxTokens, problems);
        var output = JsonFields.Count(item, "outputTokens", 0, MaxTokens, problems);
        var requests = JsonFields.Count(item, "requests", 1, 1_000_000_000, problems);

        var cost = JsonFields.Usd(item, "cost", problems);

        return problems.Count > 0 ? null : new UsageEvent(id!, timestamp, provider, model!, orgUnit, project, apiKey, tags, input, cached, write, output, requests, tier, cost, reservation);
    }

}
