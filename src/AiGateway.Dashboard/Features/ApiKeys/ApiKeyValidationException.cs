namespace AiGateway.Dashboard.Features.ApiKeys;

/// <summary>A new API key's fields are wrong: each problem is a sentence naming its field.</summary>
public sealed class ApiKeyValidationException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
