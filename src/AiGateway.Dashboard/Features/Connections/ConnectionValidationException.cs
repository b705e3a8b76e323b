namespace AiGateway.Dashboard.Features.Connections;

/// <summary>Input refused, with a message per field; nothing was saved.</summary>
public sealed class ConnectionValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}
