namespace AiGateway.Dashboard.Domain;

/// <summary>The kind of tokens a billed line charges for: one SKU per kind in FOCUS.</summary>
public enum TokenType
{
    /// <summary>A line that charges every kind at once (the Simulated provider's one line per model).</summary>
    Mixed = 0,
    Input,
    CachedInput,
    CacheWrite,
    Output,
}
