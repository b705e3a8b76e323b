namespace AiGateway.Dashboard.Features.Explore;

/// <summary>A value a filter can take (a model id, a project id, a connection id) and the name people know it by.</summary>
public sealed record ExploreChoice(string Value, string Label)
{
    /// <summary>Contains-match on the name or the id, so "gpt-4o" finds "gpt-4o-2024-08-06" and "support" finds "Support bot".</summary>
    public bool Matches(string? text) => string.IsNullOrWhiteSpace(text)
        || Label.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase) || Value.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase);
}
