using System.Linq.Expressions;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>The main spend query, over daily rollups only (never the fact table).</summary>
public sealed class SpendQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public async Task<IReadOnlyList<SpendRow>> QueryAsync(SpendQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Build(db, query).ToListAsync(cancellationToken);
        return rows.Select(r => new SpendRow(r.Key, r.Cost, r.Input, r.Cached, r.Output, r.Requests))
            .OrderByDescending(r => r.CostMicros)
            .ToList();
    }

    /// <summary>The query itself, exposed so that a test can check that it translates for SQL Server.</summary>
    internal static IQueryable<Aggregate> Build(DashboardDbContext db, SpendQuery query)
    {
        var source = db.DailyRollups.AsNoTracking().Where(r => r.Date >= query.From && r.Date <= query.To);
        if (query.GroupBy.Count == 0)
        {
            return source.GroupBy(r => 1).Select(g => new Aggregate
            {
                Key = new SpendKey(),
                Cost = g.Sum(r => r.CostMicros),
                Input = g.Sum(r => r.InputTokens),
                Cached = g.Sum(r => r.CachedInputTokens),
                Output = g.Sum(r => r.OutputTokens),
                Requests = g.Sum(r => r.Requests),
            });
        }
        return source.GroupBy(KeySelector(query.GroupBy))
            .Select(g => new Aggregate
            {
                Key = g.Key,
                Cost = g.Sum(r => r.CostMicros),
                Input = g.Sum(r => r.InputTokens),
                Cached = g.Sum(r => r.CachedInputTokens),
                Output = g.Sum(r => r.OutputTokens),
                Requests = g.Sum(r => r.Requests),
            });
    }

    // Builds r => new SpendKey { Provider = r.Provider, … } with only the requested members bound,
    // so that GROUP BY lists real columns (SQL Server refuses parameters there).
    private static Expression<Func<DailyRollup, SpendKey>> KeySelector(IReadOnlyList<SpendDimension> dimensions)
    {
        var r = Expression.Parameter(typeof(DailyRollup), "r");
        var bindings = new List<MemberBinding>();
        foreach (var d in dimensions.Distinct())
        {
            var (target, source) = d switch
            {
                SpendDimension.Provider => (nameof(SpendKey.Provider), nameof(DailyRollup.Provider)),
                SpendDimension.Model => (nameof(SpendKey.Model), nameof(DailyRollup.Model)),
                SpendDimension.OrgUnit => (nameof(SpendKey.OrgUnitId), nameof(DailyRollup.OrgUnitId)),
                SpendDimension.Project => (nameof(SpendKey.Project), nameof(DailyRollup.ProjectId)),
                SpendDimension.Connection => (nameof(SpendKey.ConnectionId), nameof(DailyRollup.ConnectionId)),
                SpendDimension.Day => (nameof(SpendKey.Day), nameof(DailyRollup.Date)),
                _ => throw new ArgumentOutOfRangeException(nameof(dimensions), d, null),
            };
            var member = typeof(SpendKey).GetProperty(target)!;
            Expression value = Expression.Property(r, source);
            if (value.Type != member.PropertyType) value = Expression.Convert(value, member.PropertyType);
            bindings.Add(Expression.Bind(member, value));
        }
        return Expression.Lambda<Func<DailyRollup, SpendKey>>(Expression.MemberInit(Expression.New(typeof(SpendKey)), bindings), r);
    }

    internal sealed class Aggregate
    {
        public SpendKey Key { get; set; } = new();
        public long Cost { get; set; }
        public long Input { get; set; }
        public long Cached { get; set; }
        public long Output { get; set; }
        public long Requests { get; set; }
    }
}
