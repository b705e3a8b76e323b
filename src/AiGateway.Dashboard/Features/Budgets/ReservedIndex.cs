using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// What open reservations hold, per unit (its own and every unit below it) and per UTC day they were made: a budget counts
/// the days of its period only, so a new period starts fresh.
/// </summary>
internal sealed class ReservedIndex
{
    private readonly Dictionary<int, Dictionary<DateOnly, long>> _bySubtree = [];

    /// <summary>Adds (or with a negative amount removes) a reservation of the first unit of <paramref name="lineage"/> to it and its ancestors.</summary>
    public void Add(IEnumerable<int> lineage, DateOnly day, long micros)
    {
        foreach (var id in lineage)
        {
            if (!_bySubtree.TryGetValue(id, out var byDay)) _bySubtree[id] = byDay = [];
            if ((byDay[day] = byDay.GetValueOrDefault(day) + micros) == 0) byDay.Remove(day);
        }
    }

    /// <summary>What open reservations hold against a budget: those of its unit and every unit below it, made in its period.</summary>
    public long Of(BudgetStatus status) =>
        _bySubtree.TryGetValue(status.OrgUnitId, out var byDay) ? byDay.Where(d => status.Period.Contains(d.Key)).Sum(d => d.Value) : 0;
}
