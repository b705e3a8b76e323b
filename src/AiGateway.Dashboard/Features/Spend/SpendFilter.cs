using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>
/// Filters shared by Explore and <c>/api/v1/spend</c>. Empty lists filter nothing. <see cref="OrgUnitIds"/> are
/// already expanded to whole subtrees; <see cref="Unallocated"/> selects spend no rule maps.
/// </summary>
public sealed record SpendFilter
{
    public static readonly SpendFilter None = new();

    public IReadOnlyList<ProviderKind> Providers { get; init; } = [];
    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyList<int> OrgUnitIds { get; init; } = [];
    public bool Unallocated { get; init; }
    public IReadOnlyList<string> Projects { get; init; } = [];
    public IReadOnlyList<int> ConnectionIds { get; init; } = [];
}
