using System.Text.Json;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Prices;

/// <summary>
/// Reads LiteLLM's <c>model_prices_and_context_window.json</c> (the public catalog most gateways use: USD per single token,
/// keyed by model, optionally "provider/…"): the token prices of the providers we price, per tier (standard, batch,
/// priority, flex). Entries without token prices (images, audio, subscription models with null costs) are skipped and counted.
/// </summary>
public static class LiteLlmPriceFile
{
    private static readonly string[] TokenModes = ["chat", "completion", "embedding", "responses"];

    /// <param name="Prices">One per provider, model and tier (the shortest key wins where several name the same model).</param>
    public sealed record Result(IReadOnlyList<ModelPrice> Prices, int Skipped, IReadOnlyDictionary<string, int> SkippedProviders);

    public static ProviderKind? ProviderOf(string litellmProvider) => litellmProvider.ToLowerInvariant() switch
    {
        "openai" or "text-completion-openai" => ProviderKind.OpenAI,
        "anthropic" => ProviderKind.Anthropic,
        "azure" or "azure_ai" or "azure_text" => ProviderKind.AzureOpenAI,
        "bedrock" or "bedrock_converse" => ProviderKind.AwsBedrock,
        "gemini" => ProviderKind.GoogleVertex,
        var v when v.StartsWith("vertex_ai", StringComparison.Ordinal) => ProviderKind.GoogleVertex,
        "mistral" or "codestral" => ProviderKind.Mistral,
        _ => null,
    };

    /// <exception cref="InvalidDataException">The file is not a LiteLLM price catalog.</exception>
    public static Result Read(JsonElement root, string source, DateOnly effectiveFrom, DateTime nowUtc, string actor)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("The file is not a JSON object keyed by model, as model_prices_and_context_window.json is.");
        var prices = new Dictionary<(ProviderKind, string, string), ModelPrice>();
        var skipped = 0;
        var skippedProviders = new Dictionary<string, int>();
        var entries = root.EnumerateObject().Where(e => e.Name is not ("sample_spec" or "fallback_generalizations"))
            .OrderBy(e => e.Name.Count(c => c == '/')).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        if (entries.Count == 0) throw new InvalidDataException("The file has no models.");
        foreach (var entry in entries)
        {
            var e = entry.Value;
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("litellm_provider", out var p) || p.ValueKind != JsonValueKind.String) { skipped++; continue; }
            if (ProviderOf(p.GetString()!) is not { } provider)
            {
                skippedProviders[p.GetString()!] = skippedProviders.GetValueOrDefault(p.GetString()!) + 1;
                continue;
            }
            if (e.TryGetProperty("mode", out var mode) && mode.ValueKind == JsonValueKind.String && !TokenModes.Contains(mode.GetString())) { skipped++; continue; }
            var model = entry.Name[(entry.Name.LastIndexOf('/') + 1)..];
            if (model.Length is 0 or > 200) { skipped++; continue; }
            var any = false;
            foreach (var (tier, suffix) in new[] { (ModelPrice.StandardTier, ""), ("batch", "_batches"), ("priority", "_priority"), ("flex", "_flex") })
            {
                if (PerMillion(e, "input_cost_per_token" + suffix) is not { } input || PerMillion(e, "output_cost_per_token" + suffix) is not { } output) continue;
                any = true;
                if (prices.ContainsKey((provider, model, tier))) continue;
                prices[(provider, model, tier)] = new ModelPrice
                {
                    Provider = provider, Model = model, ServiceTier = tier, InputPerMillionMicros = input, OutputPerMillionMicros = output,
                    CachedInputPerMillionMicros = PerMillion(e, "cache_read_input_token_cost" + suffix) ?? PerMillion(e, "cache_read_input_token_cost") ?? input,
                    CacheWritePerMillionMicros = PerMillion(e, "cache_creation_input_token_cost" + suffix) ?? PerMillion(e, "cache_creation_input_token_cost") ?? input,
                    CacheWrite1hPerMillionMicros = PerMillion(e, "cache_creation_input_token_cost_above_1hr"),
                    Currency = Money.Usd, EffectiveFrom = effectiveFrom, Origin = PriceOrigin.Import, Source = $"{source} ({entry.Name})", ChangedUtc = nowUtc, ChangedBy = actor,
                };
            }
            if (!any) skipped++;
        }
        return new Result(prices.Values.OrderBy(x => x.Provider).ThenBy(x => x.Model, StringComparer.Ordinal).ThenBy(x => x.ServiceTier, StringComparer.Ordinal).ToList(),
            skipped, skippedProviders);
    }

    /// <summary>USD per token (exponent form such as 3e-06) as micro-dollars per million tokens; null when missing, null or absurd.</summary>
    private static long? PerMillion(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var usd) || usd < 0 || usd > 1) return null;
        return (long)Math.Round(usd * 1_000_000_000_000m, MidpointRounding.AwayFromZero);
    }
}
