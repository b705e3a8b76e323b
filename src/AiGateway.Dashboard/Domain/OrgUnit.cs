namespace AiGateway.Dashboard.Domain;

/// <summary>A node of the org tree: organization → cost centre → team → project.</summary>
public class OrgUnit
{
    public int Id { get; set; }
    public int? ParentId { get; set; }
    public OrgUnitKind Kind { get; set; }
    /// <summary>Short unique code used by gateways and the API, e.g. "search".</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? FinanceCode { get; set; }
}
