using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// What a gateway knows about a request: an org unit code, or a provider project, key and tags that the allocation
/// rules turn into one — the same way as a billed row.
/// </summary>
public sealed record GatewayAttribution(string? OrgUnit, string? Project, string? ApiKey, IReadOnlyDictionary<string, string>? Tags, ProviderKind? Provider, string? Model)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(OrgUnit) && string.IsNullOrWhiteSpace(Project) && string.IsNullOrWhiteSpace(ApiKey) && Tags is not { Count: > 0 };

    /// <summary>The record the allocation rules match on (tags as "k=v,k=v", as the sync writes them).</summary>
    public CostRecord AsRecord() => new()
    {
        Provider = Provider ?? default, ProjectId = Project, ApiKeyId = ApiKey, Model = Model ?? "",
        Tags = UsageHour.TagText(Tags) is { Length: > 0 } tags ? tags : null,
    };
}
