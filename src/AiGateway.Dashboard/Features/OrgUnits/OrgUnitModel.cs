using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Overview;

namespace AiGateway.Dashboard.Features.OrgUnits;

public sealed record OrgUnitModel(
    OrgUnit Unit,
    string Path,
    IReadOnlyList<string> Owners,
    DateOnly Today,
    long MonthToDateMicros,
    long LastMonthMicros,
    long LastMonthSamePointMicros,
    Forecast Forecast,
    IReadOnlyList<DateOnly> TrendDays,
    IReadOnlyList<long> TrendMicros,
    IReadOnlyList<ChildSpend> Children,
    IReadOnlyList<RankedSpend> TopModels,
    IReadOnlyList<RankedSpend> TopProjects,
    IReadOnlyList<OutcomeSeries> Outcomes,
    IReadOnlyList<OutcomeTotal> OtherOutcomes,
    int OutcomeMetricCount,
    long CompleteMonthToDateMicros = 0,
    int CompleteDays = 0,
    long EstimatedMonthToDateMicros = 0)
{
    /// <summary>Complete days of this month against the same days of last month; null on the 1st or without last month's spend.</summary>
    public decimal? ChangeVsLastMonth => CompleteDays == 0 || LastMonthSamePointMicros == 0
        ? null
        : (decimal)(CompleteMonthToDateMicros - LastMonthSamePointMicros) / LastMonthSamePointMicros;
}

public sealed record ChildSpend(OrgUnit Unit, long MonthToDateMicros, decimal Share);

/// <summary>A metric's daily counts beside the unit's daily spend: cost per outcome per day and for the month so far.</summary>
public sealed record OutcomeSeries(OutcomeMetric Metric, IReadOnlyList<DateOnly> Days, IReadOnlyList<long> Counts, IReadOnlyList<long> CostMicros, long MonthCount, long MonthCostMicros)
{
    public long? MonthCostPerOutcomeMicros => MonthCount == 0 ? null : MonthCostMicros / MonthCount;

    public long? CostPerOutcomeMicros(int i) => Counts[i] == 0 ? null : CostMicros[i] / Counts[i];
}
