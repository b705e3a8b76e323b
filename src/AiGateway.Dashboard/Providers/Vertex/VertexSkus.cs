using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Vertex;

/// <summary>
/// Reads Vertex AI / Gemini SKU descriptions ("Gemini 2.5 Pro Input Text Tokens", "Gemini 2.5 Flash Output Tokens (long context)",
/// "Gemini 2.5 Pro Cached Input Text Tokens", "Claude Sonnet 4.5 Input Tokens"): the words before the token kind name the model. A SKU
/// naming no token kind (a tuning job, a grounding request) is not guessed at: null.
/// </summary>
public static class VertexSkus
{
    private static readonly (string Word, TokenType Type)[] Kinds =
    [
        ("cached", TokenType.CachedInput), ("cache", TokenType.CachedInput), ("input", TokenType.Input), ("output", TokenType.Output),
    ];

    public static VertexSku? Parse(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return null;
        var words = description.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < words.Length; i++)
        {
            var word = words[i].ToLowerInvariant();
            foreach (var (kind, type) in Kinds)
            {
                if (word != kind) continue;
                // "Cache storage" is storage, not tokens read.
                if (kind == "cache" && (i + 1 >= words.Length || words[i + 1].ToLowerInvariant() is not ("read" or "input"))) continue;
                return new VertexSku(string.Join('-', words.Take(i)).ToLowerInvariant(), type);
            }
        }
        return null;
    }
}
