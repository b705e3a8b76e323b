namespace AiGateway.Dashboard.Domain;

/// <summary>The org tree in memory (it is small): subtrees, ancestors, children and lookups by code.</summary>
public sealed class OrgTree
{
    /// <summary>Deeper than any real org tree: a walk up that goes further is a cycle in bad data, and stops.</summary>
    public const int MaxDepth = 64;

    private readonly Dictionary<int, OrgUnit> _byId;
    private readonly Dictionary<string, OrgUnit> _byCode;
    private readonly ILookup<int?, OrgUnit> _children;

    public OrgTree(IEnumerable<OrgUnit> units)
    {
        var list = units.ToList();
        _byId = list.ToDictionary(u => u.Id);
        _byCode = list.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        _children = list.ToLookup(u => u.ParentId);
    }

    public IReadOnlyCollection<OrgUnit> Units => _byId.Values;

    public OrgUnit? Find(int id) => _byId.GetValueOrDefault(id);

    public OrgUnit? FindByCode(string code) => _byCode.GetValueOrDefault(code);

    public IEnumerable<OrgUnit> Roots => _children[null].OrderBy(u => u.Name);

    public IEnumerable<OrgUnit> Children(int id) => _children[id].OrderBy(u => u.Name);

    /// <summary>The unit and everything below it.</summary>
    public IReadOnlySet<int> Subtree(int id)
    {
        var result = new HashSet<int>();
        var stack = new Stack<int>([id]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (!result.Add(current)) continue; // a cycle in bad data must not loop forever
            foreach (var child in _children[current]) stack.Push(child.Id);
        }
        return result;
    }

    /// <summary>From the unit's parent up to the root.</summary>
    public IEnumerable<OrgUnit> Ancestors(int id)
    {
        var seen = new HashSet<int> { id };
        for (var unit = Find(id); unit?.ParentId is { } parentId && seen.Add(parentId);)
        {
            unit = Find(parentId);
            if (unit is null) yield break;
            yield return unit;
        }
    }

    /// <summary>
    /// The unit's finance code, or its nearest ancestor's when it has none (spend sits on project units that carry no
    /// code of their own; chargeback needs the cost centre's).
    /// </summary>
    public string? FinanceCodeOf(int id) => CostCentreOf(id)?.FinanceCode;

    /// <summary>The unit whose finance code <paramref name="id"/> carries: itself, or its nearest ancestor with a code.</summary>
    public OrgUnit? CostCentreOf(int id) =>
        Find(id) is { FinanceCode.Length: > 0 } own ? own : Ancestors(id).FirstOrDefault(u => !string.IsNullOrEmpty(u.FinanceCode));

    /// <summary>"Contoso › Product Engineering › Search".</summary>
    public string Path(int id) =>
        string.Join(" › ", Ancestors(id).Reverse().Select(u => u.Name).Append(Find(id)?.Name ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
