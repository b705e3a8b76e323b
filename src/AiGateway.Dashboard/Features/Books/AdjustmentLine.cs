using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Books;

/// <summary>
/// Prior-period adjustments of one closed month found on one day, per org unit, provider and model:
/// "restatement of 2026-11 found 2026-12-14: +$12.50, Search ranking (OpenAI gpt-4o)".
/// </summary>
public sealed record AdjustmentLine(Period Restated, DateOnly FoundOn, int? OrgUnitId, string OrgUnit, string? OrgUnitCode, ProviderKind Provider, string Model, long CostMicros)
{
    public string Kind => CostMicros < 0 ? "credit" : "restatement";

    public override string ToString() =>
        $"{Kind} of {Restated.Label} found {FoundOn:yyyy-MM-dd}: {Money.Reporting(CostMicros).FormatSigned()}, {OrgUnit} ({Provider} {Model})";
}
