namespace AiGateway.Dashboard.Features.Outcomes;

/// <summary>
/// One day's count of a metric for an org unit, as the API and CSV carry it. Every field is nullable so that a
/// missing one is named in the refusal instead of becoming 0001-01-01 or a count of 0.
/// </summary>
public sealed record OutcomeEntry(string? OrgUnit, string? Metric, string? Unit, DateOnly? Date, long? Count);
