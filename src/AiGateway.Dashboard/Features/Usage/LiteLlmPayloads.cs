using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Usage;

/// <summary>
/// What a LiteLLM proxy's generic API logging callback sends — a JSON array of StandardLoggingPayload objects — turned
/// into our usage events, so they are validated, deduplicated, attributed and priced exactly like <c>POST /api/v1/usage</c>.
/// Prompt tokens follow OpenAI's convention (cache reads included): the cached and cache-write parts are taken out, so
/// cached tokens are never charged twice. Failed calls carry no tokens and are skipped.
/// </summary>
public static class LiteLlmPayloads
{
    /// <summary>Event ids get this prefix, so a LiteLLM call id cannot collide with another source's id.</summary>
    public const string IdPrefix = "litellm:";

    private static readonly Dictionary<string, ProviderKind> Providers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = ProviderKind.OpenAI, ["text-completion-openai"] = ProviderKind.OpenAI,
        ["anthropic"] = ProviderKind.Anthropic,
        ["azure"] = ProviderKind.AzureOpenAI, ["azure_ai"] = ProviderKind.AzureOpenAI, ["azure_text"] = ProviderKind.AzureOpenAI,
        ["bedrock"] = ProviderKind.AwsBedrock, ["bedrock_converse"] = ProviderKind.AwsBedrock,
        ["vertex_ai"] = ProviderKind.GoogleVertex, ["vertex_ai_beta"] = ProviderKind.GoogleVertex, ["gemini"] = ProviderKind.GoogleVertex,
        ["mistral"] = ProviderKind.Mistral, ["codestral"] = ProviderKind.Mistral,
    };

    /// <returns>Our events as JSON (for <see cref="UsageBatchParser"/>), the payload number of each, how many failed calls were skipped, and the problems found here.</returns>
    public static (JsonArray Events, IReadOnlyList<int> Numbers, int Skipped, IReadOnlyList<string> Errors) ToEvents(JsonElement payloads)
    {
        var events = new JsonArray();
        var numbers = new List<int>();
        var errors = new List<string>();
        var skipped = 0;
        var index = 0;
        foreach (var p in payloads.EnumerateArray())
        {
            index++;
            if (p.ValueKind != JsonValueKind.Object) { errors.Add($"item {index}: a payload must be a JSON object."); continue; }
            if (Str(p, "status") is { } status && !status.Equals("success", StringComparison.OrdinalIgnoreCase)) { skipped++; continue; }
            var problems = new List<string>();
            var id = Str(p, "id");
            if (string.IsNullOrWhiteSpace(id)) problems.Add("id is required.");
            var providerText = Str(p, "custom_llm_provider");
            var model = Model(p);
            if (model is null) problems.Add("model is required.");
            ProviderKind? provider = null;
            if (providerText is null) problems.Add("custom_llm_provider is required.");
            else if (Providers.TryGetValue(providerText, out var known)) provider = known;
            else problems.Add($"custom_llm_provider '{providerText}' is not one we price; known: {string.Join(", ", Providers.Keys.Order(StringComparer.Ordinal))}.");
            string? timestamp = null;
            if (p.TryGetProperty("startTime", out var start) && start.ValueKind == JsonValueKind.Number && start.TryGetDouble(out var seconds) && seconds is > 0 and < 32_503_680_000)
                timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            else problems.Add("startTime must be a time in epoch seconds.");

            var usage = Obj(Obj(p, "metadata"), "usage_object");
            var prompt = Whole(p, "prompt_tokens", problems);
            var completion = Whole(p, "completion_tokens", problems);
            var cached = Math.Max(Long(Obj(usage, "prompt_tokens_details"), "cached_tokens"), Long(usage, "cache_read_input_tokens"));
            var cacheWrite = Long(usage, "cache_creation_input_tokens");
            if (problems.Count > 0) { errors.AddRange(problems.Select(x => $"item {index}: {x}")); continue; }

            var metadata = Obj(p, "metadata");
            var tags = new JsonObject();
            if ((Str(metadata, "user_api_key_team_alias") ?? Str(metadata, "user_api_key_team_id")) is { } team) tags["team"] = Clean(team);
            if (Str(metadata, "user_api_key_alias") is { } alias) tags["key_alias"] = Clean(alias);
            if (p.TryGetProperty("request_tags", out var requestTags) && requestTags.ValueKind == JsonValueKind.Array)
            {
                foreach (var t in requestTags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).Take(10))
                {
                    var split = t.IndexOfAny([':', '=']);
                    if (split > 0) tags[Clean(t[..split])] = Clean(t[(split + 1)..]);
                    else if (t.Length > 0) tags[Clean(t)] = "true";
                }
            }
            var e = new JsonObject
            {
                ["id"] = IdPrefix + id,
                ["timestamp"] = timestamp,
                ["provider"] = provider!.Value.ToString(),
                ["model"] = model,
                ["apiKey"] = Str(metadata, "user_api_key_hash"),
                ["inputTokens"] = Math.Max(0, prompt - cached - cacheWrite),
                ["cachedInputTokens"] = Math.Min(cached, prompt),
                ["cacheWriteTokens"] = Math.Min(cacheWrite, Math.Max(0, prompt - cached)),
                ["outputTokens"] = completion,
            };
            if (tags.Count > 0) e["tags"] = tags;
            if (p.TryGetProperty("response_cost", out var cost) && cost.ValueKind == JsonValueKind.Number && cost.TryGetDecimal(out var usd)) e["cost"] = usd;
            events.Add(e);
            numbers.Add(index);
        }
        return (events, numbers, skipped, errors);
    }

    /// <summary>The model the proxy priced (its model map key), else the one requested; without a "provider/" prefix.</summary>
    private static string? Model(JsonElement p)
    {
        var model = Str(Obj(p, "model_map_information"), "model_map_key") ?? Str(p, "model");
        if (string.IsNullOrWhiteSpace(model)) return null;
        var slash = model.IndexOf('/');
        return slash > 0 && Providers.ContainsKey(model[..slash]) ? model[(slash + 1)..] : model;
    }

    private static string Clean(string s) => s.Replace(",", " ", StringComparison.Ordinal).Trim() is { Length: > 0 } c ? c[..Math.Min(c.Length, 100)] : "-";

    private static JsonElement Obj(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    private static string? Str(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static long Long(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n > 0 ? n : 0;

    private static long Whole(JsonElement p, string name, List<string> problems)
    {
        if (!p.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return 0;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n is >= 0 and <= JsonFields.MaxTokens) return n;
        problems.Add($"{name} must be a whole number from 0 to {JsonFields.MaxTokens:N0}.");
        return 0;
    }
}
