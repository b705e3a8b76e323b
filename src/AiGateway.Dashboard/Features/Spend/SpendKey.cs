using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>The grouping key of a spend query; members not grouped on stay null. Value equality for merging.</summary>
public sealed record SpendKey
{
    public ProviderKind? Provider { get; set; }
    public string? Model { get; set; }
    public int? OrgUnitId { get; set; }
    public string? Project { get; set; }
    public int? ConnectionId { get; set; }
    public DateOnly? Day { get; set; }
}
