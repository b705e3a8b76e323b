using System.Globalization;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>
/// The text form of a filter, as the API's query string and Explore's URL carry it: comma-separated provider
/// names, models, org unit codes (or <c>unallocated</c>), project ids and connection ids.
/// </summary>
public sealed record SpendFilterText(string? Provider, string? Model, string? OrgUnit, string? Project, string? Connection)
{
    public const string UnallocatedCode = "unallocated";

    /// <summary>Parses against the org tree; on error returns the offending parameter and why.</summary>
    public (SpendFilter? Filter, string? Parameter, string? Error) Parse(OrgTree tree)
    {
        var providers = new List<ProviderKind>();
        foreach (var p in Split(Provider))
        {
            if (!Enum.TryParse<ProviderKind>(p, ignoreCase: true, out var kind) || int.TryParse(p, out _))
                return (null, "provider", $"'{p}' is not a known provider; use {string.Join(", ", Enum.GetNames<ProviderKind>())}.");
            providers.Add(kind);
        }
        var units = new List<int>();
        var unallocated = false;
        foreach (var code in Split(OrgUnit))
        {
            if (string.Equals(code, UnallocatedCode, StringComparison.OrdinalIgnoreCase)) { unallocated = true; continue; }
            var unit = tree.FindByCode(code);
            if (unit is null) return (null, "orgUnit", $"'{code}' is not a known org unit code.");
            units.AddRange(tree.Subtree(unit.Id));
        }
        var connections = new List<int>();
        foreach (var c in Split(Connection))
        {
            if (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return (null, "connection", $"'{c}' is not a connection id.");
            connections.Add(id);
        }
        return (new SpendFilter
        {
            Providers = providers,
            Models = Split(Model).ToList(),
            OrgUnitIds = units.Distinct().ToList(),
            Unallocated = unallocated,
            Projects = Split(Project).ToList(),
            ConnectionIds = connections,
        }, null, null);
    }

    /// <summary>The org unit codes named.</summary>
    public IEnumerable<string> OrgUnitCodes => Split(OrgUnit);

    /// <summary>The first org unit code (or "unallocated") outside the person's scope, if any.</summary>
    public string? FirstOutside(SpendScope scope, OrgTree tree) =>
        scope.IsAll ? null : OrgUnitCodes.FirstOrDefault(code =>
            string.Equals(code, UnallocatedCode, StringComparison.OrdinalIgnoreCase) || !scope.CanSee(tree.FindByCode(code)?.Id));

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase);
}
