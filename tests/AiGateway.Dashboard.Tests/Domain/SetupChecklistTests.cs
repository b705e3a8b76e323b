using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class SetupChecklistTests
{
    [Fact]
    public void A_new_instance_has_every_step_to_do_in_order()
    {
        var list = SetupChecklist.From(0, 1, 0, 0, 0);
        list.Steps.Select(s => s.Key).ShouldBe(["connect", "org-tree", "rules", "budgets", "finance"]);
        list.DoneCount.ShouldBe(0);
        list.Complete.ShouldBeFalse();
        list.Steps.Select(s => s.Href).ShouldBe(["connections", "admin", "admin", "budgets", "admin"]);
    }

    [Fact]
    public void Each_step_ticks_itself_from_what_exists()
    {
        // The organization alone is not an org tree; one unit below it is.
        SetupChecklist.From(0, 2, 0, 0, 0).Steps.Single(s => s.Key == "org-tree").Done.ShouldBeTrue();
        SetupChecklist.From(1, 1, 0, 0, 0).Steps.Single(s => s.Key == "connect").Done.ShouldBeTrue();
        SetupChecklist.From(0, 1, 3, 0, 0).Steps.Single(s => s.Key == "rules").Done.ShouldBeTrue();
        SetupChecklist.From(0, 1, 0, 1, 0).Steps.Single(s => s.Key == "budgets").Done.ShouldBeTrue();
        SetupChecklist.From(0, 1, 0, 0, 2).Steps.Single(s => s.Key == "finance").Done.ShouldBeTrue();
        var all = SetupChecklist.From(1, 9, 4, 3, 1);
        all.DoneCount.ShouldBe(5);
        all.Complete.ShouldBeTrue();
    }
}
