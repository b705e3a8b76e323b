using System.Collections.Frozen;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// The latest evaluation of every budget, in memory, so that the gateways' budget check answers without
/// touching the database. Replaced whole (one reference swap) after each evaluation, and moved on incrementally by
/// the live spend of each gateway batch in between (<see cref="AddLive"/>), so a batch that exhausts a budget is
/// refused by the next check. An evaluation says which live changes its reading includes, so none counts twice.
/// </summary>
public sealed class BudgetSnapshot
{
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _liveGate = new(1, 1);
    private readonly List<(long Sequence, IReadOnlyList<LiveSpend> Changes)> _pending = [];
    private long _sequence;
    private volatile Contents _contents = new(DateTime.MinValue, FrozenDictionary<string, OrgUnit>.Empty, FrozenDictionary<int, BudgetStatus[]>.Empty,
        FrozenDictionary<int, int?>.Empty, [], FrozenDictionary<int, OrgUnit>.Empty, new Allocator([]), new PriceBook([]));

    /// <summary>Rules as of the last evaluation: a gateway's project, key or tags name the unit that pays.</summary>
    public Allocator Allocator => _contents.Allocator;

    /// <summary>Prices as of the last evaluation: a reservation given in tokens is priced with them.</summary>
    public PriceBook Prices => _contents.Prices;

    /// <summary>
    /// Held by a gateway batch from before its commit until its live spend is added, and by an evaluation while it
    /// reads spend: so an evaluation's reading includes exactly the live changes numbered up to <see cref="LiveSequence"/>.
    /// </summary>
    public Task<IDisposable> HoldLiveAsync(CancellationToken cancellationToken) => SemaphoreLease.AcquireAsync(_liveGate, cancellationToken);

    /// <summary>The number of the last live change added.</summary>
    public long LiveSequence
    {
        get { lock (_sync) return _sequence; }
    }

    /// <summary>Adds the counted change of a gateway batch to every current budget of the units and their ancestors.</summary>
    public void AddLive(IReadOnlyList<LiveSpend> changes)
    {
        if (changes.Count == 0) return;
        lock (_sync)
        {
            _sequence++;
            _pending.Add((_sequence, changes));
            _contents = Apply(_contents, changes);
        }
        Replaced?.Invoke();
    }

    public DateTime EvaluatedUtc => _contents.EvaluatedUtc;

    public IReadOnlyList<BudgetStatus> All => _contents.All;

    /// <summary>Raised after each evaluation, so open pages can refresh.</summary>
    public event Action? Replaced;

    /// <param name="includesLive">The <see cref="LiveSequence"/> the evaluation read under <see cref="HoldLiveAsync"/>; live changes after it are added again on top (null: all of them).</param>
    public void Replace(DateTime evaluatedUtc, IEnumerable<OrgUnit> units, IReadOnlyList<BudgetStatus> statuses, Allocator? allocator = null, PriceBook? prices = null,
        long? includesLive = null)
    {
        var list = units.ToList();
        lock (_sync)
        {
            var included = includesLive ?? _sequence;
            _pending.RemoveAll(p => p.Sequence <= included);
            var c = new Contents(
                evaluatedUtc,
                list.ToFrozenDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase),
                ByUnit(statuses),
                list.ToFrozenDictionary(u => u.Id, u => u.ParentId),
                statuses,
                list.ToFrozenDictionary(u => u.Id),
                allocator ?? _contents.Allocator,
                prices ?? _contents.Prices);
            foreach (var (_, changes) in _pending) c = Apply(c, changes);
            _contents = c;
        }
        Replaced?.Invoke();
    }

    private static FrozenDictionary<int, BudgetStatus[]> ByUnit(IEnumerable<BudgetStatus> statuses) =>
        statuses.GroupBy(s => s.OrgUnitId).ToFrozenDictionary(g => g.Key, g => g.ToArray());

    private static Contents Apply(Contents c, IReadOnlyList<LiveSpend> changes)
    {
        var added = new Dictionary<int, long>();
        foreach (var change in changes)
        {
            foreach (var unitId in c.Lineage(change.OrgUnitId))
            {
                if (!c.ByUnit.TryGetValue(unitId, out var statuses)) continue;
                foreach (var s in statuses.Where(s => s.Period.Contains(change.Day)))
                    added[s.BudgetId] = added.GetValueOrDefault(s.BudgetId) + change.DeltaMicros;
            }
        }
        if (added.Count == 0) return c;
        var all = c.All.Select(s => added.TryGetValue(s.BudgetId, out var d) ? s with { ActualMicros = s.ActualMicros + d, EstimatedMicros = s.EstimatedMicros + d } : s).ToList();
        return c with { All = all, ByUnit = ByUnit(all) };
    }

    /// <summary>The unit, then its parent, up to the root.</summary>
    public IEnumerable<int> Lineage(int orgUnitId) => _contents.Lineage(orgUnitId);

    /// <summary>The current budgets of the unit and its ancestors, the unit's own first.</summary>
    public IEnumerable<BudgetStatus> Chain(int orgUnitId)
    {
        var c = _contents;
        return c.Lineage(orgUnitId).SelectMany(id => c.ByUnit.GetValueOrDefault(id) ?? []);
    }

    /// <summary>Evaluated on this UTC day, so every budget's period is the one in force today.</summary>
    public bool IsCurrentFor(DateOnly today) => DateOnly.FromDateTime(_contents.EvaluatedUtc) == today;

    public OrgUnit? UnitByCode(string code) => _contents.Units.GetValueOrDefault(code);

    /// <summary>
    /// May this unit still spend? False only when a hard-limited budget of the unit or of an ancestor is exhausted.
    /// Null when the code is unknown.
    /// </summary>
    public BudgetCheck? Check(string orgUnitCode) => _contents.Units.TryGetValue(orgUnitCode, out var unit) ? Check(unit, _ => 0) : null;

    /// <summary>As <see cref="Check(string)"/>, counting what open reservations hold against each budget as spent.</summary>
    public BudgetCheck Check(OrgUnit unit, Func<BudgetStatus, long> reserved)
    {
        var c = _contents;
        BudgetStatus? own = null;
        BudgetStatus? blocking = null;
        foreach (var current in c.Lineage(unit.Id))
        {
            if (!c.ByUnit.TryGetValue(current, out var statuses)) continue;
            foreach (var s in statuses)
            {
                if (current == unit.Id && (own is null || s.Period.Kind < own.Period.Kind)) own = s;
                if (s.HardLimit && s.RemainingMicros - reserved(s) <= 0 && blocking is null) blocking = s;
            }
        }
        return new BudgetCheck(unit, own, blocking, c.EvaluatedUtc, (blocking ?? own) is { } reported ? reserved(reported) : 0);
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
            ? $"exceeds {UnitOf(parent.OrgUnitId)?.Name ?? "its parent"}'s {Money.Reporting(parent.BudgetMicros).Format()} for {status.Period.Label}"
            : null;

    private sealed record Contents(DateTime EvaluatedUtc, FrozenDictionary<string, OrgUnit> Units, FrozenDictionary<int, BudgetStatus[]> ByUnit,
        FrozenDictionary<int, int?> Parents, IReadOnlyList<BudgetStatus> All, FrozenDictionary<int, OrgUnit> UnitsById, Allocator Allocator, PriceBook Prices)
    {
        /// <summary>The unit and its ancestors; a cycle in bad data stops at <see cref="OrgTree.MaxDepth"/> steps instead of a lookup set per call (this is on the reserve path).</summary>
        public IEnumerable<int> Lineage(int orgUnitId)
        {
            var steps = 0;
            for (int? id = orgUnitId; id is { } current && steps++ < OrgTree.MaxDepth; id = Parents.GetValueOrDefault(current)) yield return current;
        }
    }

    /// <summary>The org unit as of the last evaluation.</summary>
    public OrgUnit? UnitOf(int orgUnitId) => _contents.UnitsById.GetValueOrDefault(orgUnitId);
}

/// <param name="Own">The unit's own budget (monthly first), if it has one.</param>
/// <param name="Blocking">The exhausted hard-limited budget (the unit's or an ancestor's) that denies spending, if any.</param>
/// <param name="ReservedMicros">What open reservations hold against the budget the check reports: the blocking one, else the unit's own.</param>
public sealed record BudgetCheck(OrgUnit Unit, BudgetStatus? Own, BudgetStatus? Blocking, DateTime EvaluatedUtc, long ReservedMicros = 0)
{
    public bool Allowed => Blocking is null;
}
