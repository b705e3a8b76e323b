using System.Text.Json;

namespace AiGateway.Dashboard.Providers;

/// <summary>Reading a connection's own settings JSON (camelCase, unknown fields ignored), with an error a person can act on.</summary>
public static class ProviderSettings
{
    /// <summary>Web defaults, and booleans also as "true"/"false": settings declared in configuration arrive as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new LenientBool() } };

    private sealed class LenientBool : System.Text.Json.Serialization.JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out var b) => b,
            _ => throw new JsonException($"'{(reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString())}' is not true or false."),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }

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
