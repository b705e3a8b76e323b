namespace AiGateway.Dashboard.Providers.OpenRouter;

// The activity and keys APIs (snake_case on the wire).
internal sealed record OpenRouterList<T>(List<T>? Data);

internal sealed record OpenRouterActivity(
    string? Date, string? Model, string? ModelPermaslug, string? EndpointId, string? ProviderName,
    decimal? Usage, decimal? ByokUsageInference, long? Requests, long? PromptTokens, long? CompletionTokens, long? ReasoningTokens);

internal sealed record OpenRouterKey(string? Hash, string? Name, string? Label, bool Disabled);
