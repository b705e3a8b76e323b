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
    IReadOnlyList<ConnectionStatus> Connections)
{
    public bool HasData => DailyByProvider.Count > 0 || LastMonthMicros != 0;

    /// <summary>Change of month-to-date against the same number of days last month, or null when last month had none.</summary>
    public decimal? ChangeVsLastMonth => LastMonthSamePointMicros == 0
        ? null
        : (decimal)(MonthToDateMicros - LastMonthSamePointMicros) / LastMonthSamePointMicros;
}

public sealed record ProviderSeries(ProviderKind Provider, IReadOnlyList<long> DailyMicros);

public sealed record RankedSpend(string Name, string? Detail, long CostMicros, long Tokens, decimal Share);

public sealed record ConnectionStatus(int Id, string Name, ProviderKind Kind, bool Enabled, SyncRunStatus? LastStatus, DateTime? LastFinishedUtc, int? LastRows, string? LastError);
