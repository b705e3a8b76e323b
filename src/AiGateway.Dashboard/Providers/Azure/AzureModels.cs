using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Dashboard.Providers.Azure;

// Cost Management answers in camelCase; rows are positional arrays matching the columns.
internal sealed record AzureQueryResult([property: JsonPropertyName("properties")] AzureQueryProperties? Properties);

internal sealed record AzureQueryProperties(
    [property: JsonPropertyName("nextLink")] string? NextLink,
    [property: JsonPropertyName("columns")] List<AzureColumn>? Columns,
    [property: JsonPropertyName("rows")] List<List<JsonElement>>? Rows);

internal sealed record AzureColumn([property: JsonPropertyName("name")] string? Name, [property: JsonPropertyName("type")] string? Type);

/// <summary>The Entra ID token endpoint's answer (snake_case; the metadata service sends expires_in as a string).</summary>
internal sealed record AzureToken(string? AccessToken, int ExpiresIn);
