using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

/// <summary>The request's rules on the domain type, without a host: who decides, the ceiling, the second approval, the periods covered, the words.</summary>
public class BudgetRequestTests
{
    private static BudgetRequest Request(BudgetRequestStatus status = BudgetRequestStatus.Pending, BudgetRequestCoverage coverage = BudgetRequestCoverage.NextPeriods, int periods = 3) => new()
    {
        Id = 7, BudgetId = 3, RequesterEmail = "tom@contoso.test", AmountMicros = 1_500_000_000, Status = status,
        FirstApproverEmail = status == BudgetRequestStatus.PendingFinance ? "mia@contoso.test" : null,
        FirstApprovedAmountMicros = status == BudgetRequestStatus.PendingFinance ? 1_000_000_000 : null,
        Coverage = coverage, PeriodCount = periods, FirstPeriodStart = new DateOnly(2026, 11, 1), FirstPeriodEnd = new DateOnly(2026, 11, 30),
        BudgetAtRequestMicros = 4_000_000_000,
    };

    [Fact]
    public void The_first_stage_is_a_Manager_who_owns_the_unit_or_above_and_never_the_requester()
    {
        var r = Request();
        bool Owns(string email) => email == "mia@contoso.test";

        r.DecisionRefusal("tom@contoso.test", isManager: true, isFinance: false, _ => true).ShouldBe("Nobody approves or rejects their own request.");
        r.DecisionRefusal("fay@contoso.test", isManager: false, isFinance: true, Owns).ShouldBe("A Manager of the unit or of a unit above it decides first.");
        r.DecisionRefusal("max@contoso.test", isManager: true, isFinance: false, Owns).ShouldBe("Only a Manager who owns this unit or a unit above it may decide.");
        r.DecisionRefusal("mia@contoso.test", isManager: true, isFinance: false, Owns).ShouldBeNull();
    }

    [Fact]
    public void The_second_stage_is_Finance_other_than_the_first_approver_and_a_closed_request_is_decided()
    {
        var r = Request(BudgetRequestStatus.PendingFinance);

        r.DecisionRefusal("max@contoso.test", isManager: true, isFinance: false, _ => true).ShouldBe("This request waits for the second approval by Finance.");
        r.DecisionRefusal("mia@contoso.test", isManager: true, isFinance: true, _ => true).ShouldBe("The second approval must come from someone other than the first approver.");
        r.DecisionRefusal("fay@contoso.test", isManager: false, isFinance: true, _ => false).ShouldBeNull();
        Request(BudgetRequestStatus.Approved).DecisionRefusal("fay@contoso.test", false, true, _ => true).ShouldBe("The request is already approved.");
    }

    [Fact]
    public void The_ceiling_is_the_ask_then_what_the_first_approver_granted_and_less_needs_a_reason()
    {
        Request().CeilingMicros.ShouldBe(1_500_000_000);
        var second = Request(BudgetRequestStatus.PendingFinance);
        second.CeilingMicros.ShouldBe(1_000_000_000);

        second.GrantProblem(1_200_000_000, "ok").ShouldBe(("Amount", "Approve at most $1,000.00, the amount asked for and approved so far."));
        Request().GrantProblem(1_000_000_000, " ").ShouldBe(("Comment", "Say why you approve less than was asked for."));
        Request().GrantProblem(1_000_000_000, "half now").ShouldBeNull();
        Request().GrantProblem(1_500_000_000, null).ShouldBeNull();
    }

    [Theory]
    [InlineData(1_000_000_000L, null, false)]     // 25 % of $4,000 exactly: not above
    [InlineData(1_000_000_001L, null, true)]      // above 25 %
    [InlineData(500_000_000L, 400_000_000L, true)] // above the amount limit
    public void Finance_approves_too_above_the_share_or_the_amount(long granted, long? limit, bool expected)
    {
        Request().NeedsFinance(granted, 25m, limit).ShouldBe(expected);
        Request(BudgetRequestStatus.PendingFinance).NeedsFinance(granted, 25m, limit).ShouldBeFalse("the second stage is the last");
    }

    [Fact]
    public void An_approval_adjusts_exactly_the_periods_covered_and_says_which()
    {
        var now = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

        var next = Request().Adjustments(1_000_000_000, now, 1).ToList();
        next.Select(a => a.PeriodStart).ShouldBe([new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 1)]);
        next.ShouldAllBe(a => a.AmountMicros == 1_000_000_000 && a.RequestId == 7 && a.BudgetId == 3 && !a.IsPermanent && a.Reason == "Request 7: 3 periods from 2026-11");

        var permanent = Request(coverage: BudgetRequestCoverage.Permanent, periods: 0).Adjustments(5, now, 1).ShouldHaveSingleItem();
        permanent.IsPermanent.ShouldBeTrue();
        Request(coverage: BudgetRequestCoverage.ThisPeriod, periods: 1).Describe().ShouldBe("this period (2026-11)");

        var quarter = Request();
        quarter.FirstPeriodStart = new DateOnly(2026, 10, 1);
        quarter.FirstPeriodEnd = new DateOnly(2026, 12, 31);
        quarter.PeriodKind.ShouldBe(PeriodKind.Quarterly);
        quarter.Adjustments(1, now, 1).Select(a => a.PeriodStart).ShouldBe([new DateOnly(2026, 10, 1), new DateOnly(2027, 1, 1), new DateOnly(2027, 4, 1)]);
    }
}
