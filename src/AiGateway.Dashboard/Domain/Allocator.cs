namespace AiGateway.Dashboard.Domain;

/// <summary>Applies allocation rules in priority order; first match wins.</summary>
public sealed class Allocator(IEnumerable<AllocationRule> rules)
{
    private readonly AllocationRule[] _rules = rules.OrderBy(r => r.Priority).ThenBy(r => r.Id).ToArray();

    public int? OrgUnitFor(CostRecord record)
    {
        foreach (var rule in _rules)
        {
            if (rule.Matches(record))
            {
                return rule.OrgUnitId;
            }
        }
        return null;
    }
}
