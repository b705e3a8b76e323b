using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Sync;

/// <summary>Sums a window's facts into daily rollups (date, connection, provider, model, project, org unit, kind).</summary>
public static class SyncRollups
{
    public static List<DailyRollup> Build(IEnumerable<CostRecord> rows) =>
        rows.GroupBy(r => (r.UsageDate, r.ConnectionId, r.Provider, r.Model, ProjectId: r.ProjectId ?? "", r.OrgUnitId, r.Kind))
            .Select(g => new DailyRollup
            {
                Date = g.Key.UsageDate,
                ConnectionId = g.Key.ConnectionId,
                Provider = g.Key.Provider,
                Model = g.Key.Model,
                ProjectId = g.Key.ProjectId,
                OrgUnitId = g.Key.OrgUnitId,
                Kind = g.Key.Kind,
                InputTokens = g.Sum(r => r.InputTokens),
                CachedInputTokens = g.Sum(r => r.CachedInputTokens),
                CacheWriteTokens = g.Sum(r => r.CacheWriteTokens),
                OutputTokens = g.Sum(r => r.OutputTokens),
                Requests = g.Sum(r => r.Requests),
                CostMicros = g.Sum(r => r.CostMicros),
            })
            .ToList();
}
