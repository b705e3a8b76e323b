using System.Text.Json.Serialization;

namespace AiGateway.Dashboard.Providers.Vertex;

// BigQuery REST answers in camelCase; every cell value is a string.
internal sealed record BigQueryResponse(
    [property: JsonPropertyName("jobComplete")] bool JobComplete,
    [property: JsonPropertyName("jobReference")] BigQueryJobReference? JobReference,
    [property: JsonPropertyName("schema")] BigQuerySchema? Schema,
    [property: JsonPropertyName("rows")] List<BigQueryRow>? Rows,
    [property: JsonPropertyName("pageToken")] string? PageToken,
    [property: JsonPropertyName("totalBytesProcessed")] string? TotalBytesProcessed);

internal sealed record BigQueryJobReference([property: JsonPropertyName("projectId")] string? ProjectId, [property: JsonPropertyName("jobId")] string? JobId, [property: JsonPropertyName("location")] string? Location);

internal sealed record BigQuerySchema([property: JsonPropertyName("fields")] List<BigQueryField>? Fields);

internal sealed record BigQueryField([property: JsonPropertyName("name")] string? Name, [property: JsonPropertyName("type")] string? Type);

internal sealed record BigQueryRow([property: JsonPropertyName("f")] List<BigQueryCell>? F);

internal sealed record BigQueryCell([property: JsonPropertyName("v")] System.Text.Json.JsonElement V);

internal sealed record GoogleToken(string? AccessToken, int ExpiresIn);
