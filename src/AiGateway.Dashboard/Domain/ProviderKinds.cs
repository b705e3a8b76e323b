namespace AiGateway.Dashboard.Domain;

/// <summary>Reading a provider kind from configuration and APIs: its name, or the short names the documentation uses.</summary>
public static class ProviderKinds
{
    private static readonly Dictionary<string, ProviderKind> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Azure"] = ProviderKind.AzureOpenAI, ["Bedrock"] = ProviderKind.AwsBedrock, ["Vertex"] = ProviderKind.GoogleVertex, ["Gemini"] = ProviderKind.GoogleVertex,
    };

    public static bool TryParse(string? text, out ProviderKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(text) || int.TryParse(text, out _)) return false;
        return Aliases.TryGetValue(text.Trim(), out kind) || Enum.TryParse(text.Trim(), ignoreCase: true, out kind);
    }
}
