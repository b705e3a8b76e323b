using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.OrgUnits;

/// <summary>A metric beyond the charted ones: its name and this month's count only, so the page stays small.</summary>
public sealed record OutcomeTotal(OutcomeMetric Metric, long MonthCount);
