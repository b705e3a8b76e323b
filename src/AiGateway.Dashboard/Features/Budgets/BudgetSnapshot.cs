using System.Collections.Frozen;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// The latest evaluation of every budget, in memory, so that the gateways' budget check answers without
/// touching the database. Replaced whole (one reference swap) after each evaluation.
/// </summary>
public sealed class BudgetSnapshot
{
    private volatile Contents _contents = new(DateTime.MinValue, FrozenDictionary<string, OrgUnit>.Empty, FrozenDictionary<int, BudgetStatus[]>.Empty,
        FrozenDictionary<int, int?>.Empty, [], FrozenDictionary<int, OrgUnit>.Empty);

    public DateTime EvaluatedUtc => _contents.EvaluatedUtc;

    public IReadOnlyList<BudgetStatus> All => _contents.All;

    /// <summary>Raised after each evaluation, so open pages can refresh.</summary>
    public event Action? Replaced;

    public void Replace(DateTime evaluatedUtc, IEnumerable<OrgUnit> units, IReadOnlyList<BudgetStatus> statuses)
    {
        _contents = new Contents(
            evaluatedUtc,
            units.ToFrozenDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase),
            statuses.GroupBy(s => s.OrgUnitId).ToFrozenDictionary(g => g.Key, g => g.ToArray()),
            units.ToFrozenDictionary(u => u.Id, u => u.ParentId),
            statuses,
            units.ToFrozenDictionary(u => u.Id));
        Replaced?.Invoke();
    }

    /// <summary>
    /// May this unit still spend? False only when a hard-limited budget of the unit or of an ancestor is exhausted.
    /// Null when the code is unknown.
    /// </summary>
    public BudgetCheck? Check(string orgUnitCode)
    {
        var c = _contents;
        if (!c.Units.TryGetValue(orgUnitCode, out var unit)) return null;
        BudgetStatus? own = null;
        BudgetStatus? blocking = null;
        var seen = new HashSet<int>();
        for (int? id = unit.Id; id is { } current && seen.Add(current); id = c.Parents.GetValueOrDefault(current))
        {
            if (!c.ByUnit.TryGetValue(current, out var statuses)) continue;
            foreach (var s in statuses)
            {
                if (current == unit.Id && (own is null || s.Period.Kind < own.Period.Kind)) own = s;
                if (s.HardLimit && s.RemainingMicros <= 0 && blocking is null) blocking = s;
            }
        }
        return new BudgetCheck(unit, own, blocking, c.EvaluatedUtc);
    }

    /// <summary>
    /// The budget of the nearest ancestor that has one (same period kind first), whose headroom a child's spend
    /// also uses up.
    /// </summary>
    public BudgetStatus? ParentOf(BudgetStatus status)
    {
        var c = _contents;
        var seen = new HashSet<int> { status.OrgUnitId };
        for (var id = c.Parents.GetValueOrDefault(status.OrgUnitId); id is { } current && seen.Add(current); id = c.Parents.GetValueOrDefault(current))
        {
            if (!c.ByUnit.TryGetValue(current, out var statuses) || statuses.Length == 0) continue;
            return statuses.FirstOrDefault(s => s.Period.Kind == status.Period.Kind) ?? statuses.MinBy(s => s.Period.Kind);
        }
        return null;
    }

    /// <summary>
    /// Allowed but worth saying: a budget above its parent's for the same period ("exceeds Corporate IT's $309 for
    /// 2026-12"); null when it is not.
    /// </summary>
    public string? ExceedsParent(BudgetStatus status) =>
        ParentOf(status) is { } parent && parent.Period == status.Period && status.BudgetMicros > parent.BudgetMicros
            ? $"exceeds {UnitOf(parent.OrgUnitId)?.Name ?? "its parent"}'s {Money.OfUsd(parent.BudgetMicros).Format()} for {status.Period.Label}"
            : null;

    private sealed record Contents(DateTime EvaluatedUtc, FrozenDictionary<string, OrgUnit> Units, FrozenDictionary<int, BudgetStatus[]> ByUnit,
        FrozenDictionary<int, int?> Parents, IReadOnlyList<BudgetStatus> All, FrozenDictionary<int, OrgUnit> UnitsById);

    /// <summary>The org unit as of the last evaluation.</summary>
    public OrgUnit? UnitOf(int orgUnitId) => _contents.UnitsById.GetValueOrDefault(orgUnitId);
}

/// <param name="Own">The unit's own budget (monthly first), if it has one.</param>
/// <param name="Blocking">The exhausted hard-limited budget (the unit's or an ancestor's) that denies spending, if any.</param>
public sealed record BudgetCheck(OrgUnit Unit, BudgetStatus? Own, BudgetStatus? Blocking, DateTime EvaluatedUtc)
{
    public bool Allowed => Blocking is null;
}
