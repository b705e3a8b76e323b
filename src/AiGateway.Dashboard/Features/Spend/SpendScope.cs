namespace AiGateway.Dashboard.Features.Spend;

/// <summary>
/// What a person may see: everything (Finance, Admin, API keys with spend:read) or the org units of their own
/// subtrees. Scoped people never see unallocated spend, which belongs to no unit of theirs.
/// </summary>
public sealed record SpendScope(IReadOnlySet<int>? OrgUnitIds)
{
    public static readonly SpendScope All = new((IReadOnlySet<int>?)null);

    public bool IsAll => OrgUnitIds is null;

    public bool CanSee(int? orgUnitId) => IsAll || (orgUnitId is { } id && OrgUnitIds!.Contains(id));
}
