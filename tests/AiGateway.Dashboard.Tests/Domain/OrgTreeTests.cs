using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class OrgTreeTests
{
    private static readonly OrgTree Tree = new(
    [
        new OrgUnit { Id = 1, Code = "org", Name = "Org" },
        new OrgUnit { Id = 2, ParentId = 1, Code = "eng", Name = "Engineering" },
        new OrgUnit { Id = 3, ParentId = 2, Code = "search", Name = "Search" },
        new OrgUnit { Id = 4, ParentId = 3, Code = "ranking", Name = "Ranking" },
        new OrgUnit { Id = 5, ParentId = 1, Code = "ops", Name = "Ops" },
    ]);

    [Fact]
    public void A_subtree_holds_the_unit_and_everything_below() => Tree.Subtree(2).ShouldBe([2, 3, 4], ignoreOrder: true);

    [Fact]
    public void Ancestors_run_up_to_the_root() => Tree.Ancestors(4).Select(u => u.Id).ShouldBe([3, 2, 1]);

    [Fact]
    public void Paths_read_top_down() => Tree.Path(4).ShouldBe("Org › Engineering › Search › Ranking");

    [Fact]
    public void Codes_are_found_case_insensitively() => Tree.FindByCode("SEARCH")!.Id.ShouldBe(3);

    [Fact]
    public void A_cycle_in_bad_data_does_not_loop_forever()
    {
        var cyclic = new OrgTree([new OrgUnit { Id = 1, ParentId = 2, Code = "a" }, new OrgUnit { Id = 2, ParentId = 1, Code = "b" }]);
        cyclic.Subtree(1).ShouldBe([1, 2], ignoreOrder: true);
        cyclic.Ancestors(1).Count().ShouldBeLessThanOrEqualTo(2);
    }

    [Fact]
    public void A_unit_without_a_finance_code_inherits_its_nearest_ancestors()
    {
        var tree = new OrgTree(
        [
            new OrgUnit { Id = 1, Code = "org", Name = "Org", FinanceCode = "ORG" },
            new OrgUnit { Id = 2, ParentId = 1, Code = "eng", Name = "Engineering", FinanceCode = "CC-100" },
            new OrgUnit { Id = 3, ParentId = 2, Code = "search", Name = "Search" },
            new OrgUnit { Id = 4, ParentId = 3, Code = "ranking", Name = "Ranking", FinanceCode = "" },
            new OrgUnit { Id = 5, ParentId = 1, Code = "ops", Name = "Ops" },
            new OrgUnit { Id = 6, Code = "orphan", Name = "Orphan" },
        ]);
        tree.FinanceCodeOf(2).ShouldBe("CC-100");
        tree.FinanceCodeOf(4).ShouldBe("CC-100", "two levels up, an empty code counts as none");
        tree.FinanceCodeOf(5).ShouldBe("ORG");
        tree.FinanceCodeOf(6).ShouldBeNull();
    }
}
