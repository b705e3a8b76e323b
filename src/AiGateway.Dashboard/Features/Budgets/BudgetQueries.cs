using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>One past (or the current) period of a budget: the effective amount against the actual.</summary>
public sealed record BudgetPeriodHistory(Period Period, long BudgetMicros, long ActualMicros, bool Overridden, long AdjustmentMicros, DateOnly? DataFrom = null)
{
    public long VarianceMicros => BudgetMicros - ActualMicros;
    public decimal? Used => BudgetMicros == 0 ? null : (decimal)ActualMicros / BudgetMicros;
}

/// <summary>A budget's amount for an upcoming period, for the per-period editor.</summary>
public sealed record BudgetPeriodAmount(Period Period, long AmountMicros, bool Overridden, long AdjustmentMicros);

public sealed record BudgetDetail(
    Budget Budget,
    OrgUnit Unit,
    string UnitPath,
    BudgetStatus? Status,
    BudgetStatus? Parent,
    OrgUnit? ParentUnit,
    IReadOnlyList<int> Thresholds,
    IReadOnlyDictionary<DateOnly, long> DailyInPeriod,
    IReadOnlyList<BudgetPeriodHistory> History,
    IReadOnlyList<BudgetPeriodAmount> Upcoming,
    IReadOnlyList<AuditEvent> Audit,
    IReadOnlyList<AlertEvent> Alerts,
    bool ParentHidden = false,
    IReadOnlyList<BudgetAmountChange>? AmountChanges = null,
    DateOnly? DataFrom = null);

/// <summary>Reads for the budget detail page, limited to what the person may see.</summary>
public sealed class BudgetQueries(
    IDbContextFactory<DashboardDbContext> dbFactory,
    SpendQueries spend,
    BudgetSnapshot snapshot,
    IOptions<ReportingOptions> reporting,
    TimeProvider time)
{
    public async Task<BudgetDetail?> DetailAsync(int budgetId, SpendScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == budgetId, cancellationToken);
        if (budget is null || !scope.CanSee(budget.OrgUnitId)) return null;
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var unit = tree.Find(budget.OrgUnitId)!;
        var amounts = await BudgetAmounts.LoadAsync(db, [budgetId], cancellationToken);
        var overrides = amounts.OverridesOf(budgetId);
        var id = budgetId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audit = await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == nameof(Budget) && a.EntityId == id)
            .OrderByDescending(a => a.OccurredUtc).ThenByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken);
        var alerts = await db.AlertEvents.AsNoTracking().Where(a => a.BudgetId == budgetId)
            .OrderByDescending(a => a.FiredUtc).ThenByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken);
        var firstDay = await db.Rollups.Where(r => r.Grain == RollupGrain.Day).MinAsync(r => (DateOnly?)r.Date, cancellationToken);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var current = Period.Containing(budget.PeriodKind, today, reporting.Value.FiscalYearStartMonth);
        var subtree = new SpendFilter { OrgUnitIds = tree.Subtree(unit.Id).ToList() };
        var daily = (await spend.QueryAsync(new SpendQuery(current.Start, today, [SpendDimension.Day]) { Filter = subtree }, cancellationToken))
            .ToDictionary(r => r.Key.Day!.Value, r => r.CostMicros);

        long Amount(Period p) => amounts.For(budget, p) ?? 0;
        var history = new List<BudgetPeriodHistory>();
        var past = current.Previous();
        // Past periods back to the budget's first one (none before it) and to the first day with data.
        for (var i = 0; i < HistoryLength(budget.PeriodKind) && firstDay is { } first && past.End >= first && budget.Covers(past); i++, past = past.Previous())
        {
            var actual = (await spend.QueryAsync(new SpendQuery(past.Start, past.End, []) { Filter = subtree }, cancellationToken)).Sum(r => r.CostMicros);
            history.Add(new BudgetPeriodHistory(past, Amount(past), actual, overrides.ContainsKey(past.Start), amounts.AdjustmentsFor(budgetId, past),
                first > past.Start ? first : null));
        }
        var upcoming = new List<BudgetPeriodAmount>();
        var next = current;
        for (var i = 0; i < HistoryLength(budget.PeriodKind); i++, next = next.Next())
            upcoming.Add(new BudgetPeriodAmount(next, Amount(next), overrides.ContainsKey(next.Start), amounts.AdjustmentsFor(budgetId, next)));

        var status = snapshot.All.FirstOrDefault(s => s.BudgetId == budgetId);
        var parent = status is null ? null : snapshot.ParentOf(status);
        // The parent's headroom counts spend outside the person's subtree: its figures only for those who may see the parent.
        var parentHidden = parent is not null && !scope.CanSee(parent.OrgUnitId);
        if (parentHidden) parent = null;
        return new BudgetDetail(budget, unit, tree.Path(unit.Id), status, parent, parent is null ? null : tree.Find(parent.OrgUnitId),
            BudgetThresholds.Parse(budget.Thresholds), daily, history, upcoming, audit, alerts, parentHidden, amounts.ChangesOf(budgetId), firstDay);
    }

    public const int MaxPeriods = 60;

    /// <summary>The outcome metrics a request for this unit may tie to: the unit's, those above it and below it.</summary>
    public async Task<List<OutcomeMetric>> OutcomeMetricsAsync(int unitId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var ids = tree.Ancestors(unitId).Select(u => u.Id).Concat(tree.Subtree(unitId)).ToList();
        return await db.OutcomeMetrics.AsNoTracking().Where(m => ids.Contains(m.OrgUnitId)).OrderBy(m => m.Name).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The budget period by period between two days (at most <see cref="MaxPeriods"/> periods, none before the first):
    /// base in force, override, approved increases, effective amount and the actual of the unit's subtree.
    /// </summary>
    public async Task<IReadOnlyList<BudgetPeriodFigures>?> PeriodsAsync(int budgetId, SpendScope scope, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == budgetId, cancellationToken);
        if (budget is null || !scope.CanSee(budget.OrgUnitId)) return null;
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var amounts = await BudgetAmounts.LoadAsync(db, [budgetId], cancellationToken);
        var firstDay = await db.Rollups.Where(r => r.Grain == RollupGrain.Day).MinAsync(r => (DateOnly?)r.Date, cancellationToken);
        var periods = new List<(Period Period, long Budget)>();
        for (var p = Period.Containing(budget.PeriodKind, from, reporting.Value.FiscalYearStartMonth); p.Start <= to && periods.Count < MaxPeriods; p = p.Next())
        {
            if (amounts.For(budget, p) is { } effective) periods.Add((p, effective));
        }
        if (periods.Count == 0) return [];
        // One spend query for the whole range, summed per period here.
        var daily = await spend.QueryAsync(new SpendQuery(periods[0].Period.Start, periods[^1].Period.End, [SpendDimension.Day])
        {
            Filter = new SpendFilter { OrgUnitIds = tree.Subtree(budget.OrgUnitId).ToList() },
        }, cancellationToken);
        var overrides = amounts.OverridesOf(budgetId);
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        var rows = periods.Select(x => new BudgetPeriodFigures(x.Period, amounts.BaseFor(budget, x.Period)!.Value,
            overrides.TryGetValue(x.Period.Start, out var o) ? o : null, amounts.AdjustmentsFor(budgetId, x.Period), x.Budget,
            daily.Where(r => x.Period.Contains(r.Key.Day!.Value)).Sum(r => r.CostMicros),
            firstDay is { } d && d > x.Period.Start ? d : null, closed.IsClosed(x.Period))).ToList();
        return rows;
    }

    private static int HistoryLength(PeriodKind kind) => kind switch { PeriodKind.Monthly => 12, PeriodKind.Quarterly => 4, _ => 3 };
}
