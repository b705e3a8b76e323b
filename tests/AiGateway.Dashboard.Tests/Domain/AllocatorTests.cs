using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class AllocatorTests
{
    private static CostRecord Row(string project, string model = "gpt-4o", string? tags = null, string? key = null) =>
        new() { ConnectionId = 1, Provider = ProviderKind.OpenAI, ProjectId = project, Model = model, Tags = tags, ApiKeyId = key };

    [Fact]
    public void The_first_matching_rule_by_priority_wins()
    {
        var allocator = new Allocator(
        [
            new AllocationRule { Id = 1, Priority = 20, ProjectId = "proj_a", OrgUnitId = 100 },
            new AllocationRule { Id = 2, Priority = 10, ProjectId = "proj_a", Model = "gpt-4o", OrgUnitId = 200 },
        ]);
        allocator.OrgUnitFor(Row("proj_a")).ShouldBe(200);
        allocator.OrgUnitFor(Row("proj_a", "o3")).ShouldBe(100);
    }

    [Fact]
    public void Unmatched_spend_stays_unallocated() =>
        new Allocator([new AllocationRule { Priority = 1, ProjectId = "proj_a", OrgUnitId = 1 }]).OrgUnitFor(Row("proj_b")).ShouldBeNull();

    [Fact]
    public void Tags_and_keys_match_case_insensitively()
    {
        var allocator = new Allocator(
        [
            new AllocationRule { Priority = 1, Tag = "team:search", OrgUnitId = 7 },
            new AllocationRule { Priority = 2, ApiKeyId = "KEY_1", OrgUnitId = 8 },
        ]);
        allocator.OrgUnitFor(Row("p", tags: "env:prod, Team:Search")).ShouldBe(7);
        allocator.OrgUnitFor(Row("p", key: "key_1")).ShouldBe(8);
        allocator.OrgUnitFor(Row("p", tags: "team:searching")).ShouldBeNull();
    }
}
