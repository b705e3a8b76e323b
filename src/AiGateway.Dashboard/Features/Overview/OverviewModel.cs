using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Overview;

public sealed record OverviewModel(
    DateOnly Today,
    long MonthToDateMicros,
    long LastMonthMicros,
    long LastMonthSamePointMicros,
    long UnallocatedMonthToDateMicros,
    IReadOnlyList<DateOnly> Days,
    IReadOnlyList<ProviderSeries> DailyByProvider,
    IReadOnlyList<RankedSpend> TopModels,
    IReadOnlyList<RankedSpend> TopProjects,
    IReadOnlyList<ConnectionStatus> Connections,
    long CompleteMonthToDateMicros = 0,
    int CompleteDays = 0,
    long EstimatedMonthToDateMicros = 0,
    IReadOnlyList<long>? DailyEstimatedMicros = null)
{
    public bool HasData => DailyByProvider.Count > 0 || LastMonthMicros != 0;

    /// <summary>
    /// Complete days of this month against the same days of last month (the running day would compare a part of a
    /// day with a whole one); null on the 1st or when last month had none.
    /// </summary>
    public decimal? ChangeVsLastMonth => CompleteDays == 0 || LastMonthSamePointMicros == 0
        ? null
        : (decimal)(CompleteMonthToDateMicros - LastMonthSamePointMicros) / LastMonthSamePointMicros;

    /// <summary>When the data of the running day was last brought in (the newest successful sync), if ever.</summary>
    public DateTime? DataThroughUtc => Connections.Where(c => c.LastStatus == SyncRunStatus.Succeeded).Max(c => c.LastFinishedUtc);
}

/// <param name="DailyMicros">Billed spend per day (gateway estimates are their own series, <see cref="OverviewModel.DailyEstimatedMicros"/>).</param>
public sealed record ProviderSeries(ProviderKind Provider, IReadOnlyList<long> DailyMicros);

public sealed record RankedSpend(string Name, string? Detail, long CostMicros, long Tokens, decimal Share);

public sealed record ConnectionStatus(int Id, string Name, ProviderKind Kind, bool Enabled, SyncRunStatus? LastStatus, DateTime? LastFinishedUtc, int? LastRows, string? LastError);
