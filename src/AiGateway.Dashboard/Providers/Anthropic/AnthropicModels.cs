using System.Text.Json.Serialization;

namespace AiGateway.Dashboard.Providers.Anthropic;

// The Admin API's usage and cost report JSON, as far as we read it; every field tolerates null.

internal sealed record AnthropicPage<T>(List<AnthropicBucket<T>>? Data, bool HasMore, string? NextPage);

internal sealed record AnthropicBucket<T>(DateTimeOffset StartingAt, DateTimeOffset EndingAt, List<T>? Results);

/// <summary><c>amount</c> is a decimal string in cents: "123.45" is $1.2345.</summary>
internal sealed record AnthropicCostResult(
    string? Currency,
    string? Amount,
    string? WorkspaceId,
    string? Description,
    string? CostType,
    string? ContextWindow,
    string? Model,
    string? ServiceTier,
    string? TokenType,
    string? InferenceGeo);

internal sealed record AnthropicUsageResult(
    long? UncachedInputTokens,
    AnthropicCacheCreation? CacheCreation,
    long? CacheReadInputTokens,
    long? OutputTokens,
    AnthropicServerToolUse? ServerToolUse,
    string? ApiKeyId,
    string? WorkspaceId,
    string? Model,
    string? ServiceTier,
    string? ContextWindow);

// Digits defeat the snake_case policy ("ephemeral1h_…"), so these two names are spelled out.
internal sealed record AnthropicCacheCreation(
    [property: JsonPropertyName("ephemeral_1h_input_tokens")] long? Ephemeral1hInputTokens,
    [property: JsonPropertyName("ephemeral_5m_input_tokens")] long? Ephemeral5mInputTokens);

internal sealed record AnthropicServerToolUse(long? WebSearchRequests);

internal sealed record AnthropicList<T>(List<T>? Data, bool HasMore, string? LastId);

internal sealed record AnthropicWorkspace(string Id, string? Name, DateTimeOffset? ArchivedAt);

internal sealed record AnthropicApiKey(string Id, string? Name, string? PartialKeyHint, string? WorkspaceId, string? Status);
