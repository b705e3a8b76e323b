namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Maps spend to an org unit. Every non-null criterion must match; rules are tried by ascending
/// priority and the first match wins. Unmatched spend stays unallocated.
/// </summary>
public class AllocationRule
{
    public int Id { get; set; }
    public int Priority { get; set; }
    public int OrgUnitId { get; set; }
    public int? ConnectionId { get; set; }
    public ProviderKind? Provider { get; set; }
    public string? ProjectId { get; set; }
    public string? ApiKeyId { get; set; }
    public string? Model { get; set; }
    public string? Tag { get; set; }

    public bool Matches(CostRecord r) =>
        (ConnectionId is null || ConnectionId == r.ConnectionId)
        && (Provider is null || Provider == r.Provider)
        && (ProjectId is null || string.Equals(ProjectId, r.ProjectId, StringComparison.OrdinalIgnoreCase))
        && (ApiKeyId is null || string.Equals(ApiKeyId, r.ApiKeyId, StringComparison.OrdinalIgnoreCase))
        && (Model is null || string.Equals(Model, r.Model, StringComparison.OrdinalIgnoreCase))
        && (Tag is null || (r.Tags is not null && r.Tags.Split(',').Any(t => string.Equals(t.Trim(), Tag, StringComparison.OrdinalIgnoreCase))));
}
