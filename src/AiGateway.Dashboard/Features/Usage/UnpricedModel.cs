namespace AiGateway.Dashboard.Features.Usage;

/// <summary>A model with no price in force on the events' day: stored with its tokens, listed, never counted as $0 silently.</summary>
public sealed record UnpricedModel(string Provider, string Model, int Events);
