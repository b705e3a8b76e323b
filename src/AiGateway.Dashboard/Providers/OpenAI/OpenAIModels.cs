namespace AiGateway.Dashboard.Providers.OpenAI;

// The Administration API's JSON, as far as we read it. Every field the spec calls optional is nullable.

internal sealed record OpenAIPage<T>(List<OpenAIBucket<T>>? Data, bool HasMore, string? NextPage);

/// <summary>A daily bucket. The spec says <c>results</c>; some rendered examples say <c>result</c>: accept both.</summary>
internal sealed record OpenAIBucket<T>(long StartTime, long EndTime, List<T>? Results, List<T>? Result)
{
    public IEnumerable<T> Items => Results ?? Result ?? [];
}

internal sealed record OpenAICostResult(OpenAIAmount? Amount, string? LineItem, string? ProjectId, string? ApiKeyId);

internal sealed record OpenAIAmount(decimal? Value, string? Currency);

internal sealed record OpenAIUsageResult(
    string? Object,
    long? InputTokens,
    long? InputCachedTokens,
    long? InputCacheWriteTokens,
    long? OutputTokens,
    long? NumModelRequests,
    long? Images,
    long? Characters,
    long? Seconds,
    string? ProjectId,
    string? ApiKeyId,
    string? Model,
    string? ServiceTier,
    bool? Batch);

internal sealed record OpenAIList<T>(List<T>? Data, bool HasMore, string? LastId);

internal sealed record OpenAIProject(string Id, string? Name, long? ArchivedAt, string? Status);

internal sealed record OpenAIProjectKey(string Id, string? Name, string? RedactedValue);
