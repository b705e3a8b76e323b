using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// Evaluates every budget for its current period: actual spend of the unit's whole subtree (a parent's actual
/// includes its children), the forecast, and the state; publishes the result to the in-memory snapshot.
/// </summary>
public sealed class BudgetEvaluator(
    IDbContextFactory<DashboardDbContext> dbFactory,
    SpendQueries spend,
    BudgetSnapshot snapshot,
    IOptions<ReportingOptions> reporting,
    TimeProvider time)
{
    public async Task<IReadOnlyList<BudgetStatus>> EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken);
        var tree = new OrgTree(units);
        var budgets = await db.Budgets.AsNoTracking().ToListAsync(cancellationToken);
        var overrides = (await db.BudgetOverrides.AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(o => o.BudgetId).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<DateOnly, long>)g.ToDictionary(o => o.PeriodStart, o => o.AmountMicros));
        var statuses = new List<BudgetStatus>();
        foreach (var budget in budgets)
        {
            if (tree.Find(budget.OrgUnitId) is null) continue;
            var period = Period.Containing(budget.PeriodKind, today, reporting.Value.FiscalYearStartMonth);
            var daily = (await spend.QueryAsync(new SpendQuery(period.Start, today, [SpendDimension.Day])
                {
                    Filter = new SpendFilter { OrgUnitIds = tree.Subtree(budget.OrgUnitId).ToList() },
                }, cancellationToken))
                .ToDictionary(r => r.Key.Day!.Value, r => r.CostMicros);
            var amount = BudgetStatus.EffectiveAmount(budget, period, overrides.GetValueOrDefault(budget.Id) ?? new Dictionary<DateOnly, long>());
            statuses.Add(new BudgetStatus(budget.Id, budget.OrgUnitId, period, amount, daily.Values.Sum(), Forecast.For(period, today, daily), budget.HardLimit));
        }
        snapshot.Replace(now, units, statuses);
        return statuses;
    }
}
