using System.Text.Json;

namespace AiGateway.Dashboard.Providers;

/// <summary>Reading a connection's own settings JSON (camelCase, unknown fields ignored), with an error a person can act on.</summary>
public static class ProviderSettings
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static T Read<T>(string? json, string provider, string expected)
    {
        if (string.IsNullOrWhiteSpace(json)) throw new InvalidOperationException($"The {provider} connection has no settings: edit it and enter the {expected}.");
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"The {provider} connection's settings are empty: enter the {expected}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The {provider} connection's settings cannot be read ({ex.Message}): enter the {expected} again.", ex);
        }
    }
}
