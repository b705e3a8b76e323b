using System.Text;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Aws;

/// <summary>
/// Reads Bedrock usage types: first-party ones name the model (<c>USE1-Claude4.5Sonnet-input-tokens</c>, <c>USE1-NovaLite-cache-read-input-token-count</c>);
/// Marketplace ones (<c>USE1-MP:USE1_InputTokenCount-Units</c>, <c>APS3-MP:APS3_input_tokens_global_standard-Units</c>) leave the model to the
/// service name ("Claude Sonnet 4.5 (Amazon Bedrock Edition)"). A usage type naming no token kind is not guessed at: null.
/// </summary>
public static class BedrockUsageTypes
{
    public const string BedrockEdition = " (Amazon Bedrock Edition)";

    // Phrases of a token kind, after the usage type was split into lower-case words; longer ones are tried first.
    private static readonly (string[] Words, TokenType Type)[] Kinds =
    [
        (["cache", "read"], TokenType.CachedInput), (["cacheread"], TokenType.CachedInput), (["cached"], TokenType.CachedInput),
        (["cache", "write"], TokenType.CacheWrite), (["cachewrite"], TokenType.CacheWrite), (["cachewrite1h"], TokenType.CacheWrite),
        (["input"], TokenType.Input), (["output"], TokenType.Output),
    ];

    private static readonly string[] TierWords = ["batch", "global", "1h", "flex", "priority", "latency", "optimized"];

    public static BedrockUsage? Parse(string? service, string? usageType)
    {
        if (string.IsNullOrWhiteSpace(usageType)) return null;
        var rest = usageType.Trim();
        var dash = rest.IndexOf('-');
        if (dash > 0 && dash <= 5 && rest[..dash].All(char.IsAsciiLetterOrDigit)) rest = rest[(dash + 1)..]; // the region prefix, USE1- / APS3-
        var marketplace = rest.StartsWith("MP:", StringComparison.OrdinalIgnoreCase);
        if (marketplace)
        {
            rest = rest[3..];
            var underscore = rest.IndexOf('_');
            if (underscore > 0 && underscore <= 5) rest = rest[(underscore + 1)..];
        }
        var words = Words(rest);
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var (kind, type) in Kinds)
            {
                if (i + kind.Length > words.Count || !kind.Select((k, j) => words[i + j] == k).All(x => x)) continue;
                var tiers = words.Where(w => TierWords.Contains(w)).ToList();
                if (words.Contains("cachewrite1h")) tiers.Add("1h");
                var model = marketplace ? ServiceModel(service) : Slug(string.Join('-', words.Take(i)));
                if (string.IsNullOrEmpty(model)) return null;
                return new BedrockUsage(model, type, tiers.Count == 0 ? null : string.Join(' ', tiers.Distinct()));
            }
        }
        return null;
    }

    /// <summary>"Claude Sonnet 4.5 (Amazon Bedrock Edition)" → "claude-sonnet-4.5"; "Amazon Bedrock" names no model.</summary>
    public static string? ServiceModel(string? service)
    {
        if (string.IsNullOrWhiteSpace(service) || !service.EndsWith(BedrockEdition, StringComparison.OrdinalIgnoreCase)) return null;
        return string.Join('-', service[..^BedrockEdition.Length].Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    // "InputTokenCount" → input token count; "input_tokens_global_standard" → input tokens global standard; "Claude4.5Sonnet-input-tokens" keeps the model word.
    private static List<string> Words(string text)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '_' or '-' or ':' or ' ') { sb.Append(' '); continue; }
            // A capital after a lower-case letter starts a word (InputTokenCount), but "CacheWrite1h" keeps "1h" with it.
            if (char.IsUpper(c) && i > 0 && (char.IsLower(text[i - 1]) || char.IsDigit(text[i - 1]))) sb.Append(' ');
            sb.Append(c);
        }
        var words = sb.ToString().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // Rejoin "cache read"/"cache write" spelled as one camel word, and "write1h".
        for (var i = 0; i < words.Count - 1; i++)
        {
            if (words[i] == "cache" && words[i + 1] is "write1h") { words[i] = "cachewrite1h"; words.RemoveAt(i + 1); }
        }
        return words;
    }

    // The model words joined: "claude4.5-sonnet", "nova-lite".
    private static string Slug(string text) => text.Trim('-');
}
