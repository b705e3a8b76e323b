using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// Everything a budget's effective amount depends on — amount history, per-period overrides, approved increases —
/// loaded in one place and read by every surface (budgets, the evaluator, approvals, the workbook), so they agree.
/// </summary>
public sealed class BudgetAmounts
{
    private readonly ILookup<int, BudgetAmountChange> _changes;
    private readonly Dictionary<int, Dictionary<DateOnly, long>> _overrides;
    private readonly ILookup<int, BudgetAdjustment> _adjustments;

    private BudgetAmounts(List<BudgetAmountChange> changes, List<BudgetOverride> overrides, List<BudgetAdjustment> adjustments)
    {
        _changes = changes.ToLookup(c => c.BudgetId);
        _overrides = overrides.GroupBy(o => o.BudgetId).ToDictionary(g => g.Key, g => g.ToDictionary(o => o.PeriodStart, o => o.AmountMicros));
        _adjustments = adjustments.ToLookup(a => a.BudgetId);
    }

    /// <summary>Loads the inputs of the given budgets (all budgets when null).</summary>
    public static async Task<BudgetAmounts> LoadAsync(DashboardDbContext db, IReadOnlyCollection<int>? budgetIds, CancellationToken cancellationToken)
    {
        var changes = db.BudgetAmountChanges.AsNoTracking();
        var overrides = db.BudgetOverrides.AsNoTracking();
        var adjustments = db.BudgetAdjustments.AsNoTracking();
        if (budgetIds is not null)
        {
            changes = changes.Where(c => budgetIds.Contains(c.BudgetId));
            overrides = overrides.Where(o => budgetIds.Contains(o.BudgetId));
            adjustments = adjustments.Where(a => budgetIds.Contains(a.BudgetId));
        }
        return new BudgetAmounts(await changes.ToListAsync(cancellationToken), await overrides.ToListAsync(cancellationToken), await adjustments.ToListAsync(cancellationToken));
    }

    /// <summary>The effective amount of a period; null before the budget's first period.</summary>
    public long? For(Budget budget, Period period) =>
        BudgetStatus.EffectiveAmount(budget, period, _changes[budget.Id], OverridesOf(budget.Id), AdjustmentsFor(budget.Id, period));

    /// <summary>The base in force for a period (before overrides and increases); null before the first period.</summary>
    public long? BaseFor(Budget budget, Period period) => budget.BaseAmountFor(period, _changes[budget.Id]);

    public IReadOnlyDictionary<DateOnly, long> OverridesOf(int budgetId) => _overrides.GetValueOrDefault(budgetId) ?? [];

    public long AdjustmentsFor(int budgetId, Period period) => BudgetStatus.AdjustmentsFor(_adjustments[budgetId], period);

    public IReadOnlyList<BudgetAmountChange> ChangesOf(int budgetId) => _changes[budgetId].OrderBy(c => c.EffectiveFrom).ToList();
}
