using System.Text.Json.Serialization;

namespace AiGateway.Dashboard.Providers.Aws;

// Cost Explorer answers in PascalCase; amounts are decimal strings.
internal sealed record CostAndUsageResult(
    [property: JsonPropertyName("ResultsByTime")] List<CostResultByTime>? ResultsByTime,
    [property: JsonPropertyName("NextPageToken")] string? NextPageToken);

internal sealed record CostResultByTime(
    [property: JsonPropertyName("TimePeriod")] CostPeriod? TimePeriod,
    [property: JsonPropertyName("Groups")] List<CostGroup>? Groups,
    [property: JsonPropertyName("Estimated")] bool Estimated);

internal sealed record CostPeriod([property: JsonPropertyName("Start")] string? Start, [property: JsonPropertyName("End")] string? End);

internal sealed record CostGroup(
    [property: JsonPropertyName("Keys")] List<string>? Keys,
    [property: JsonPropertyName("Metrics")] Dictionary<string, CostMetric>? Metrics);

internal sealed record CostMetric([property: JsonPropertyName("Amount")] string? Amount, [property: JsonPropertyName("Unit")] string? Unit);

internal sealed record DimensionValuesResult([property: JsonPropertyName("DimensionValues")] List<DimensionValue>? DimensionValues);

internal sealed record DimensionValue([property: JsonPropertyName("Value")] string? Value);
