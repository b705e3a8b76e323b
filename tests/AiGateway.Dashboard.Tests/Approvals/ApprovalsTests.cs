using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Approvals;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Tests.Approvals;

/// <summary>
/// The budget increase workflow over a real synced SQLite file and a fixed clock (2026-11-20): Search has a
/// $1,000 monthly budget; its owner and the owner of the organization above it are Managers; Finance approves
/// second; a Manager of a sibling unit is an outsider.
/// </summary>
public class ApprovalsTests
{
    private const string Lead = "lead@contoso.test";
    private const string TopManager = "cto@contoso.test";
    private const string Outsider = "outsider@contoso.test";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ClaimsPrincipal TeamLead = BudgetHarness.Person(Roles.TeamLead, Lead);
    private static readonly ClaimsPrincipal Manager = BudgetHarness.Person(Roles.Manager, BudgetHarness.OwnerEmail);
    private static readonly ClaimsPrincipal Top = BudgetHarness.Person(Roles.Manager, TopManager);
    private static readonly ClaimsPrincipal OutsideManager = BudgetHarness.Person(Roles.Manager, Outsider);
    private static readonly ClaimsPrincipal Finance = BudgetHarness.Person(Roles.Finance, BudgetHarness.FinanceEmail);
    private static readonly ClaimsPrincipal Viewer = BudgetHarness.Person(Roles.Viewer, "viewer@contoso.test");

    private sealed record World(BudgetHarness H, ApprovalsService Service, int BudgetId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => H.DisposeAsync();
    }

    private static async Task<World> ArrangeAsync(ApprovalsOptions? approvals = null)
    {
        var h = await BudgetHarness.CreateAsync();
        await using (var db = h.Sync.Db.CreateDbContext())
        {
            var other = new OrgUnit { Code = "other", Name = "Other team", Kind = OrgUnitKind.Team, ParentId = h.RootId };
            db.OrgUnits.Add(other);
            await db.SaveChangesAsync(Ct);
            db.OrgUnitMembers.AddRange(
                new OrgUnitMember { OrgUnitId = h.SearchId, UserEmail = Lead },
                new OrgUnitMember { OrgUnitId = h.RootId, UserEmail = TopManager, IsOwner = true },
                new OrgUnitMember { OrgUnitId = other.Id, UserEmail = Outsider, IsOwner = true });
            await db.SaveChangesAsync(Ct);
        }
        var budgetId = await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 1000m, ForecastAlert: false), Ct);
        var service = new ApprovalsService(h.Sync.Db, new ScopeResolver(h.Sync.Db), h.Evaluator, h.Publisher,
            new FixedOptionsMonitor<NotificationsOptions>(h.Notifications),
            new FixedOptionsMonitor<ApprovalsOptions>(approvals ?? new ApprovalsOptions { SecondApprovalAboveAmount = 50_000m }),
            Options.Create(new BudgetsOptions { MaxAmount = 1_000_000m }), Options.Create(new ReportingOptions()), h.Sync.Time);
        return new World(h, service, budgetId);
    }

    private static Task<int> AskAsync(World w, decimal amount, BudgetRequestCoverage coverage = BudgetRequestCoverage.ThisPeriod, int periods = 1, ClaimsPrincipal? who = null) =>
        w.Service.CreateAsync(who ?? TeamLead, new BudgetRequestInput(w.BudgetId, amount, coverage, periods, "Holiday traffic doubles support tickets.",
            "+15,000 resolved tickets"), Ct);

    private static async Task<BudgetRequest> RequestAsync(World w, int id)
    {
        await using var db = w.H.Sync.Db.CreateDbContext();
        return await db.BudgetRequests.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
    }

    private static async Task<List<BudgetAdjustment>> AdjustmentsAsync(World w)
    {
        await using var db = w.H.Sync.Db.CreateDbContext();
        return await db.BudgetAdjustments.AsNoTracking().OrderBy(a => a.PeriodStart).ToListAsync(Ct);
    }

    private static async Task<long> EffectiveAsync(World w) => (await w.H.Evaluator.EvaluateAsync(Ct)).Single(s => s.BudgetId == w.BudgetId).BudgetMicros;

    [Fact]
    public async Task A_small_increase_approved_by_the_units_manager_moves_the_budget_for_this_period()
    {
        await using var w = await ArrangeAsync();
        var id = await AskAsync(w, 200m);
        var request = await RequestAsync(w, id);
        request.ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(BudgetRequestStatus.Pending),
            r => r.BudgetAtRequestMicros.ShouldBe(1_000_000_000),
            r => r.NeedsSecondApproval.ShouldBeFalse(),
            r => r.FirstPeriodStart.ShouldBe(new DateOnly(2026, 11, 1)),
            r => r.FirstPeriodEnd.ShouldBe(new DateOnly(2026, 11, 30)));
        (await w.H.NotificationsAsync()).Where(n => n.Kind == "budget-request.created").Select(n => n.UserEmail).Order()
            .ToList().ShouldBe([TopManager, BudgetHarness.OwnerEmail], "the owners of the unit and of every unit above it");

        var approved = await w.Service.ApproveAsync(Manager, id, null, null, Ct);
        approved.Status.ShouldBe(BudgetRequestStatus.Approved);
        approved.DecidedByEmail.ShouldBe(BudgetHarness.OwnerEmail);
        approved.ApprovedAmountMicros.ShouldBe(200_000_000);
        (await AdjustmentsAsync(w)).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            a => a.PeriodStart.ShouldBe(new DateOnly(2026, 11, 1)), a => a.AmountMicros.ShouldBe(200_000_000), a => a.RequestId.ShouldBe(id), a => a.IsPermanent.ShouldBeFalse());
        (await EffectiveAsync(w)).ShouldBe(1_200_000_000);
        (await w.H.NotificationsAsync()).ShouldContain(n => n.Kind == "budget-request.approved" && n.UserEmail == Lead);

        await using var db = w.H.Sync.Db.CreateDbContext();
        (await db.AuditEvents.Where(a => a.EntityType == "BudgetRequest" && a.EntityId == id.ToString()).Select(a => a.Action).ToListAsync(Ct))
            .ShouldBe(["budget-request.created", "budget-request.approved"]);
    }

    [Fact]
    public async Task Above_the_share_a_second_approval_by_Finance_is_required_and_never_by_the_first_approver()
    {
        await using var w = await ArrangeAsync();
        var id = await AskAsync(w, 400m);
        (await RequestAsync(w, id)).NeedsSecondApproval.ShouldBeTrue("400 is above 25 % of 1,000");

        // Finance cannot take the first step; the Manager's approval waits for Finance and moves nothing yet.
        await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.ApproveAsync(Finance, id, null, null, Ct));
        var first = await w.Service.ApproveAsync(Manager, id, null, null, Ct);
        first.Status.ShouldBe(BudgetRequestStatus.PendingFinance);
        first.FirstApproverEmail.ShouldBe(BudgetHarness.OwnerEmail);
        (await AdjustmentsAsync(w)).ShouldBeEmpty();
        (await w.H.NotificationsAsync()).ShouldContain(n => n.Kind == "budget-request.awaiting-finance" && n.UserEmail == BudgetHarness.FinanceEmail);

        // Another Manager cannot give the second approval, nor can someone who is both the first approver and Finance.
        await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.ApproveAsync(Top, id, null, null, Ct));
        var both = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "Owner"), new Claim(ClaimTypes.Email, BudgetHarness.OwnerEmail),
            new Claim(ClaimTypes.Role, Roles.Manager), new Claim(ClaimTypes.Role, Roles.Finance)], "Test"));
        (await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.ApproveAsync(both, id, null, null, Ct))).Message.ShouldContain("other than the first approver");

        var final = await w.Service.ApproveAsync(Finance, id, 300m, "Half of it until the holiday numbers are in.", Ct);
        final.Status.ShouldBe(BudgetRequestStatus.Approved);
        final.ApprovedAmountMicros.ShouldBe(300_000_000);
        (await EffectiveAsync(w)).ShouldBe(1_300_000_000);
    }

    [Fact]
    public async Task A_Manager_may_lower_the_amount_with_a_comment_and_then_no_second_approval_is_needed()
    {
        await using var w = await ArrangeAsync();
        var id = await AskAsync(w, 400m);
        (await Should.ThrowAsync<BudgetRequestException>(() => w.Service.ApproveAsync(Manager, id, 250m, null, Ct))).Field.ShouldBe("Comment");
        (await Should.ThrowAsync<BudgetRequestException>(() => w.Service.ApproveAsync(Manager, id, 500m, "more", Ct))).Field.ShouldBe("Amount");
        (await Should.ThrowAsync<BudgetRequestException>(() => w.Service.ApproveAsync(Manager, id, 0m, "none", Ct))).Field.ShouldBe("Amount");
        (await RequestAsync(w, id)).Status.ShouldBe(BudgetRequestStatus.Pending, "refused decisions change nothing");

        var approved = await w.Service.ApproveAsync(Manager, id, 250m, "A quarter of the budget is what we can spare.", Ct);
        approved.Status.ShouldBe(BudgetRequestStatus.Approved);
        approved.DecisionComment.ShouldBe("A quarter of the budget is what we can spare.");
        (await EffectiveAsync(w)).ShouldBe(1_250_000_000);
    }

    [Fact]
    public async Task Nobody_approves_their_own_request_and_outsiders_and_other_roles_cannot_decide()
    {
        await using var w = await ArrangeAsync();
        // The Search owner asks; only the Manager above may decide.
        var own = await AskAsync(w, 100m, who: Manager);
        (await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.ApproveAsync(Manager, own, null, null, Ct))).Message.ShouldContain("own request");
        await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.RejectAsync(Manager, own, "no", Ct));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.ApproveAsync(OutsideManager, own, null, null, Ct));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.ApproveAsync(TeamLead, own, null, null, Ct));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.ApproveAsync(BudgetHarness.Person(Roles.Admin, "admin@contoso.test"), own, null, null, Ct));
        (await RequestAsync(w, own)).Status.ShouldBe(BudgetRequestStatus.Pending);
        (await w.Service.ApproveAsync(Top, own, null, null, Ct)).Status.ShouldBe(BudgetRequestStatus.Approved);

        // Who may ask: not a Viewer, and nobody for a unit outside their own.
        await Should.ThrowAsync<UnauthorizedAccessException>(() => AskAsync(w, 10m, who: Viewer));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => AskAsync(w, 10m, who: OutsideManager));
        // Bad input is refused on its field.
        (await Should.ThrowAsync<BudgetRequestException>(() => w.Service.CreateAsync(TeamLead, new BudgetRequestInput(w.BudgetId, 10m, BudgetRequestCoverage.ThisPeriod, 1, "  "), Ct))).Field.ShouldBe("Justification");
        (await Should.ThrowAsync<BudgetRequestException>(() => AskAsync(w, -5m))).Field.ShouldBe("Amount");
        (await Should.ThrowAsync<BudgetRequestException>(() => AskAsync(w, 2_000_000m))).Field.ShouldBe("Amount");
        (await Should.ThrowAsync<BudgetRequestException>(() => AskAsync(w, 10m, BudgetRequestCoverage.NextPeriods, 0))).Field.ShouldBe("PeriodCount");
        (await Should.ThrowAsync<BudgetRequestException>(() => AskAsync(w, 10m, BudgetRequestCoverage.NextPeriods, 25))).Field.ShouldBe("PeriodCount");
    }

    [Fact]
    public async Task Every_transition_allowed_from_the_open_states_and_none_from_the_final_ones()
    {
        await using var w = await ArrangeAsync();
        // Pending → Rejected (a comment is required).
        var rejected = await AskAsync(w, 100m);
        (await Should.ThrowAsync<BudgetRequestException>(() => w.Service.RejectAsync(Manager, rejected, " ", Ct))).Field.ShouldBe("Comment");
        (await w.Service.RejectAsync(Manager, rejected, "Use the cheaper model first.", Ct)).Status.ShouldBe(BudgetRequestStatus.Rejected);
        // Pending → Cancelled, by the requester only.
        var cancelled = await AskAsync(w, 100m);
        await Should.ThrowAsync<UnauthorizedAccessException>(() => w.Service.CancelAsync(Manager, cancelled, Ct));
        (await w.Service.CancelAsync(TeamLead, cancelled, Ct)).Status.ShouldBe(BudgetRequestStatus.Cancelled);
        // PendingFinance → Rejected by Finance; PendingFinance → Cancelled by the requester.
        var financeRejected = await AskAsync(w, 400m);
        await w.Service.ApproveAsync(Manager, financeRejected, null, null, Ct);
        (await w.Service.RejectAsync(Finance, financeRejected, "Not this quarter.", Ct)).Status.ShouldBe(BudgetRequestStatus.Rejected);
        var financeCancelled = await AskAsync(w, 400m);
        await w.Service.ApproveAsync(Manager, financeCancelled, null, null, Ct);
        (await w.Service.CancelAsync(TeamLead, financeCancelled, Ct)).Status.ShouldBe(BudgetRequestStatus.Cancelled);
        // Pending → Approved.
        var approved = await AskAsync(w, 100m);
        await w.Service.ApproveAsync(Manager, approved, null, null, Ct);

        // Nothing leaves a final state: every decision is a conflict that names who decided and when.
        foreach (var id in new[] { rejected, cancelled, financeRejected, financeCancelled, approved })
        {
            var final = await RequestAsync(w, id);
            var approve = await Should.ThrowAsync<BudgetRequestConflictException>(() => w.Service.ApproveAsync(Top, id, null, null, Ct));
            approve.Message.ShouldStartWith("Already ");
            approve.Message.ShouldContain(final.DecidedByEmail!);
            approve.Message.ShouldContain($"{final.DecidedUtc:yyyy-MM-dd HH:mm:ss} UTC");
            await Should.ThrowAsync<BudgetRequestConflictException>(() => w.Service.RejectAsync(Top, id, "late", Ct));
            await Should.ThrowAsync<BudgetRequestConflictException>(() => w.Service.CancelAsync(TeamLead, id, Ct));
            (await RequestAsync(w, id)).ShouldBeEquivalentTo(final);
        }
        (await AdjustmentsAsync(w)).ShouldHaveSingleItem().RequestId.ShouldBe(approved);
    }

    [Fact]
    public async Task Two_approvals_racing_on_SQLite_produce_exactly_one_decision_and_one_adjustment()
    {
        await using var w = await ArrangeAsync();
        var id = await AskAsync(w, 100m);
        using var start = new Barrier(6);
        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            try
            {
                await w.Service.ApproveAsync(i % 2 == 0 ? Manager : Top, id, null, null, Ct);
                return (string?)null;
            }
            catch (BudgetRequestConflictException ex)
            {
                return ex.Message;
            }
        }, Ct)).ToList();
        var outcomes = await Task.WhenAll(attempts);

        outcomes.Count(o => o is null).ShouldBe(1, "exactly one approval wins");
        var decided = await RequestAsync(w, id);
        outcomes.Where(o => o is not null).ShouldAllBe(o => o!.StartsWith($"Already approved by {decided.DecidedByEmail} at ", StringComparison.Ordinal));
        (await AdjustmentsAsync(w)).Count.ShouldBe(1);
        (await EffectiveAsync(w)).ShouldBe(1_100_000_000);
    }

    [Fact]
    public async Task Adjustments_cover_exactly_the_requested_periods()
    {
        await using var w = await ArrangeAsync();
        var three = await AskAsync(w, 10m, BudgetRequestCoverage.NextPeriods, 3);
        await w.Service.ApproveAsync(Manager, three, null, null, Ct);
        var permanent = await AskAsync(w, 1m, BudgetRequestCoverage.Permanent, 0);
        await w.Service.ApproveAsync(Manager, permanent, null, null, Ct);

        var adjustments = await AdjustmentsAsync(w);
        adjustments.Where(a => a.RequestId == three).Select(a => a.PeriodStart)
            .ShouldBe([new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 1)]);
        adjustments.Single(a => a.RequestId == permanent).ShouldSatisfyAllConditions(a => a.IsPermanent.ShouldBeTrue(), a => a.PeriodStart.ShouldBe(new DateOnly(2026, 11, 1)));

        long For(int year, int month) => BudgetStatus.AdjustmentsFor(adjustments, Period.Month(year, month));
        For(2026, 10).ShouldBe(0, "the past is untouched");
        For(2026, 11).ShouldBe(11_000_000);
        For(2027, 1).ShouldBe(11_000_000);
        For(2027, 2).ShouldBe(1_000_000, "only the permanent increase goes on");
        For(2030, 6).ShouldBe(1_000_000);
        (await EffectiveAsync(w)).ShouldBe(1_011_000_000);
    }

    [Fact]
    public async Task A_request_reminds_its_approvers_once_and_expires_after_its_first_period()
    {
        await using var w = await ArrangeAsync(new ApprovalsOptions { RemindAfterDays = 3, SecondApprovalAboveAmount = null });
        var waiting = await AskAsync(w, 100m);
        var toFinance = await AskAsync(w, 400m);
        await w.Service.ApproveAsync(Manager, toFinance, null, null, Ct);

        w.H.Sync.Time.Advance(TimeSpan.FromDays(2));
        (await w.Service.MaintainAsync(Ct)).ShouldBe((0, 0));
        w.H.Sync.Time.Advance(TimeSpan.FromDays(1));
        (await w.Service.MaintainAsync(Ct)).ShouldBe((0, 2));
        (await w.Service.MaintainAsync(Ct)).ShouldBe((0, 0), "once");
        var reminders = (await w.H.NotificationsAsync()).Where(n => n.Kind == "budget-request.reminder").ToList();
        reminders.Select(n => n.UserEmail).Order().ShouldBe([TopManager, BudgetHarness.FinanceEmail, BudgetHarness.OwnerEmail]);

        // 2026-11-23 + 8 days = 2026-12-01: November, the first period of both, has ended undecided.
        w.H.Sync.Time.Advance(TimeSpan.FromDays(8));
        (await w.Service.MaintainAsync(Ct)).ShouldBe((2, 0));
        foreach (var id in new[] { waiting, toFinance })
        {
            var r = await RequestAsync(w, id);
            r.Status.ShouldBe(BudgetRequestStatus.Expired);
            r.DecidedByEmail.ShouldBe(ApprovalsService.System);
            await Should.ThrowAsync<BudgetRequestConflictException>(() => w.Service.ApproveAsync(Finance, id, null, null, Ct));
        }
        (await w.H.NotificationsAsync()).Count(n => n.Kind == "budget-request.expired" && n.UserEmail == Lead).ShouldBe(2);
        (await AdjustmentsAsync(w)).ShouldBeEmpty();
    }
}
