using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Explore;

public enum ChartBucket
{
    Day,
    Week,
    Month,
}

public sealed record ExploreResult(
    DateWindow Window,
    ChartBucket Bucket,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ExploreSeries> Series,
    IReadOnlyList<ExploreRow> Rows,
    long TotalMicros,
    string? Error,
    long EstimatedMicros = 0)
{
    public static ExploreResult Failed(DateWindow window, string error) => new(window, ChartBucket.Day, [], [], [], 0, error);
}

/// <summary>A chart series: a group value (or "Other") with its cost per bucket in dollars.</summary>
public sealed record ExploreSeries(string Name, string? FilterValue, IReadOnlyList<double> Values);

/// <summary>A grid row: a group value and, when split, a split value.</summary>
public sealed record ExploreRow(string GroupValue, string GroupLabel, string? SplitValue, string? SplitLabel,
    long CostMicros, long InputTokens, long OutputTokens, long Requests, decimal Share, long EstimatedMicros = 0)
{
    public long Tokens => InputTokens + OutputTokens;

    /// <summary>Cost per 1,000 tokens in micros, or null without tokens.</summary>
    public long? CostPer1kTokensMicros => Tokens == 0 ? null : CostMicros * 1000 / Tokens;
}
