namespace AiGateway.Dashboard.Features.Outcomes;

/// <summary>One day's count of a metric for an org unit, as the API and CSV carry it.</summary>
public sealed record OutcomeEntry(string OrgUnit, string Metric, string? Unit, DateOnly Date, long Count);
