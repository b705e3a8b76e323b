namespace AiGateway.Dashboard.Domain;

/// <summary>Reading the token kind from a provider's line item, and the tokens of that kind in a usage total.</summary>
public static class TokenTypes
{
    /// <summary>
    /// "gpt-4o-2024-08-06, cached input" → CachedInput; "Claude Sonnet 4.5 Usage - Input Tokens" → Input; a line that
    /// names no kind (a credit, a tool call) → null. Cache kinds are tested before plain input and output.
    /// </summary>
    public static TokenType? Of(string? lineItem)
    {
        if (string.IsNullOrWhiteSpace(lineItem)) return null;
        var text = lineItem.ToLowerInvariant();
        if (text.Contains("cached input", StringComparison.Ordinal) || text.Contains("cache read", StringComparison.Ordinal)) return TokenType.CachedInput;
        if (text.Contains("cache write", StringComparison.Ordinal) || text.Contains("cache creation", StringComparison.Ordinal)) return TokenType.CacheWrite;
        if (text.Contains("output", StringComparison.Ordinal)) return TokenType.Output;
        if (text.Contains("input", StringComparison.Ordinal)) return TokenType.Input;
        return null;
    }

    /// <summary>The tokens of one kind; input counts include cache reads and writes, so plain input is what is left.</summary>
    public static long Count(TokenType type, long input, long cached, long cacheWrite, long output) => type switch
    {
        TokenType.Input => Math.Max(0, input - cached - cacheWrite),
        TokenType.CachedInput => cached,
        TokenType.CacheWrite => cacheWrite,
        TokenType.Output => output,
        _ => input + output,
    };

    /// <summary>The words a line item carries so that <see cref="Of"/> reads its kind back (and the FOCUS export finds it).</summary>
    public static string Words(TokenType type) => type switch
    {
        TokenType.CachedInput => "cached input",
        TokenType.CacheWrite => "cache write",
        TokenType.Output => "output",
        _ => "input",
    };

    public static string SkuSuffix(TokenType type) => type switch
    {
        TokenType.Input => "input",
        TokenType.CachedInput => "cached-input",
        TokenType.CacheWrite => "cache-write",
        TokenType.Output => "output",
        _ => "tokens",
    };
}
