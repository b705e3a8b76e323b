using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Features.Notifications;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Approvals;

/// <summary>What a person enters to ask for more budget. <see cref="Amount"/> is the increase per period in USD.</summary>
public sealed record BudgetRequestInput(
    int BudgetId,
    decimal Amount,
    BudgetRequestCoverage Coverage,
    int PeriodCount,
    string Justification,
    string ExpectedOutcome = "",
    int? OutcomeMetricId = null,
    long? OutcomeTarget = null);

/// <summary>Bad input to a request or decision (400): the field and what is wrong.</summary>
public sealed class BudgetRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Someone else decided first (409): who and when.</summary>
public sealed class BudgetRequestConflictException(string message) : Exception(message);

/// <summary>
/// The budget increase workflow (DESIGN.md §5). Every rule is checked here, whoever calls (page or API):
/// who may ask, who may decide, self-approval, the second approval by Finance, comments. Each transition is one
/// conditional update on the request's state and version, in the same transaction as its budget adjustments,
/// audit event and notifications; a second decision at the same moment updates nothing and gets a conflict.
/// </summary>
public sealed class ApprovalsService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    ScopeResolver scopes,
    BudgetEvaluator evaluator,
    NotificationPublisher publisher,
    IOptionsMonitor<NotificationsOptions> notifications,
    IOptionsMonitor<ApprovalsOptions> options,
    IOptions<BudgetsOptions> budgets,
    IOptions<ReportingOptions> reporting,
    TimeProvider time)
{
    public const string System = "system";

    public static bool CanRequest(ClaimsPrincipal user) =>
        user.IsInRole(Roles.TeamLead) || user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Finance) || user.IsInRole(Roles.Admin);

    public async Task<int> CreateAsync(ClaimsPrincipal user, BudgetRequestInput input, CancellationToken cancellationToken)
    {
        var email = EmailOf(user);
        if (!CanRequest(user)) throw new UnauthorizedAccessException("Only team leads, managers, Finance and Admin may ask for more budget.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == input.BudgetId, cancellationToken)
            ?? throw new KeyNotFoundException($"Budget {input.BudgetId} does not exist.");
        var scope = await scopes.ForAsync(user, cancellationToken);
        if (!scope.CanSee(budget.OrgUnitId)) throw new UnauthorizedAccessException("You may only ask for more budget for your own units.");

        var amount = ValidAmount(input.Amount);
        var max = options.CurrentValue.MaxPeriods;
        var count = input.Coverage switch
        {
            BudgetRequestCoverage.ThisPeriod => 1,
            BudgetRequestCoverage.Permanent => 0,
            BudgetRequestCoverage.NextPeriods when input.PeriodCount >= 1 && input.PeriodCount <= max => input.PeriodCount,
            BudgetRequestCoverage.NextPeriods => throw new BudgetRequestException("PeriodCount", $"Cover 1 to {max} periods."),
            _ => throw new BudgetRequestException("Coverage", "Choose this period, the next N periods, or permanent."),
        };
        if (string.IsNullOrWhiteSpace(input.Justification)) throw new BudgetRequestException("Justification", "Say why the money is needed.");
        var justification = Text(input.Justification, "Justification", "The justification", 4000, required: true);
        var outcome = Text(input.ExpectedOutcome, "ExpectedOutcome", "The expected outcome", 2000, required: false);
        if (input.OutcomeMetricId is { } metricId && !await db.OutcomeMetrics.AnyAsync(m => m.Id == metricId, cancellationToken))
            throw new BudgetRequestException("OutcomeMetricId", "Choose an existing outcome metric.");
        if (input.OutcomeTarget is < 0) throw new BudgetRequestException("OutcomeTarget", "The expected outcome cannot be negative.");

        var now = time.GetUtcNow().UtcDateTime;
        var period = Period.Containing(budget.PeriodKind, DateOnly.FromDateTime(now), reporting.Value.FiscalYearStartMonth);
        var current = await EffectiveAmountAsync(db, budget, period, cancellationToken);
        var request = new BudgetRequest
        {
            BudgetId = budget.Id, OrgUnitId = budget.OrgUnitId, RequesterEmail = email, RequesterName = user.Identity?.Name ?? email,
            CreatedUtc = now, AmountMicros = amount, Coverage = input.Coverage, PeriodCount = count,
            FirstPeriodStart = period.Start, FirstPeriodEnd = period.End, Justification = justification, ExpectedOutcome = outcome,
            OutcomeMetricId = input.OutcomeMetricId, OutcomeTarget = input.OutcomeTarget, BudgetAtRequestMicros = current,
            Status = BudgetRequestStatus.Pending,
        };
        request.NeedsSecondApproval = NeedsFinance(request, amount);
        db.BudgetRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == budget.OrgUnitId, cancellationToken);
        db.AuditEvents.Add(Audit(email, "budget-request.created", request, null));
        publisher.Stage(db, Message(request, unit, "budget-request.created",
            $"{request.RequesterName} asks for {Usd(amount)} more for {unit.Name}",
            $"{request.Describe()}. Why: {justification}" + (outcome.Length > 0 ? $" Expected outcome: {outcome}" : "")),
            await ApproversAsync(db, request, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        Announce();
        return request.Id;
    }

    /// <summary>
    /// Approves at the current stage. <paramref name="amount"/> may lower the increase (with a comment); null
    /// keeps it. A Manager's approval above the configured share or amount waits for Finance.
    /// </summary>
    public async Task<BudgetRequest> ApproveAsync(ClaimsPrincipal user, int requestId, decimal? amount, string? comment, CancellationToken cancellationToken)
    {
        var email = EmailOf(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = await LoadAsync(db, requestId, cancellationToken);
        await AuthorizeDecisionAsync(db, user, email, request, cancellationToken);
        var granted = amount is { } a ? ValidAmount(a) : request.CeilingMicros;
        comment = string.IsNullOrWhiteSpace(comment) ? null : Text(comment, "Comment", "The comment", 2000, required: false);
        if (request.GrantProblem(granted, comment) is { } problem) throw new BudgetRequestException(problem.Field, problem.Message);

        var now = time.GetUtcNow().UtcDateTime;
        var before = Snapshot(request);
        var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == request.OrgUnitId, cancellationToken);
        var waitForFinance = NeedsFinance(request, granted);
        var next = waitForFinance ? BudgetRequestStatus.PendingFinance : BudgetRequestStatus.Approved;
        var version = Guid.NewGuid();

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var (status, seen, firstStage) = (request.Status, request.Version, request.Status == BudgetRequestStatus.Pending);
        var updated = await db.BudgetRequests.Where(r => r.Id == requestId && r.Status == status && r.Version == seen).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(r => r.Status, next).SetProperty(r => r.Version, version);
            if (firstStage)
            {
                s.SetProperty(r => r.FirstApproverEmail, email).SetProperty(r => r.FirstApprovedUtc, now)
                    .SetProperty(r => r.FirstApprovalComment, comment).SetProperty(r => r.FirstApprovedAmountMicros, granted)
                    .SetProperty(r => r.NeedsSecondApproval, waitForFinance).SetProperty(r => r.ReminderSentUtc, (DateTime?)null);
            }
            if (next == BudgetRequestStatus.Approved)
            {
                s.SetProperty(r => r.DecidedByEmail, email).SetProperty(r => r.DecidedUtc, now)
                    .SetProperty(r => r.DecisionComment, comment).SetProperty(r => r.ApprovedAmountMicros, granted);
            }
        }, cancellationToken);
        if (updated == 0) throw await ConflictAsync(requestId, cancellationToken);

        request = await db.BudgetRequests.AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken);
        if (next == BudgetRequestStatus.Approved)
        {
            db.BudgetAdjustments.AddRange(request.Adjustments(granted, now, reporting.Value.FiscalYearStartMonth));
            db.AuditEvents.Add(Audit(email, "budget-request.approved", request, before));
            db.AuditEvents.Add(AuditEvent.Of(now, email, "budget.increased", nameof(Budget), request.BudgetId, null,
                JsonSerializer.Serialize(new { requestId, increase = Money.Reporting(granted).ToMajor(), coverage = request.Describe() })));
            var recipients = new List<string> { request.RequesterEmail };
            if (request.FirstApproverEmail is { } first && first != email) recipients.Add(first);
            publisher.Stage(db, Message(request, unit, "budget-request.approved",
                $"Approved: {Usd(granted)} more for {unit.Name}",
                $"{NameOf(user)} approved {Usd(granted)} per period ({request.Describe()})" + (comment is null ? "." : $": {comment}")), recipients);
        }
        else
        {
            db.AuditEvents.Add(Audit(email, "budget-request.first-approved", request, before));
            publisher.Stage(db, Message(request, unit, "budget-request.awaiting-finance",
                $"Second approval needed: {Usd(granted)} more for {unit.Name}",
                $"{NameOf(user)} approved {Usd(granted)} per period ({request.Describe()}); above {options.CurrentValue.SecondApprovalAbovePercent} % of the budget " +
                "or the amount limit, Finance approves too." + (comment is null ? "" : $" Comment: {comment}")),
                [.. FinanceApprovers(request), request.RequesterEmail]);
        }
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        // Evaluated before the announcement: pages that reload on it see the budget with the increase, not before it.
        if (next == BudgetRequestStatus.Approved) await evaluator.EvaluateAsync(cancellationToken);
        Announce();
        return request;
    }

    public async Task<BudgetRequest> RejectAsync(ClaimsPrincipal user, int requestId, string? comment, CancellationToken cancellationToken)
    {
        var email = EmailOf(user);
        if (string.IsNullOrWhiteSpace(comment)) throw new BudgetRequestException("Comment", "Say why the request is rejected.");
        comment = Text(comment, "Comment", "The comment", 2000, required: true);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = await LoadAsync(db, requestId, cancellationToken);
        await AuthorizeDecisionAsync(db, user, email, request, cancellationToken);
        return await CloseAsync(db, request, BudgetRequestStatus.Rejected, email, comment, "budget-request.rejected",
            unit => ($"Rejected: {Usd(request.AmountMicros)} more for {unit.Name}", $"{NameOf(user)} rejected the request: {comment}"),
            [request.RequesterEmail, .. request.FirstApproverEmail is { } f ? new[] { f } : []], cancellationToken);
    }

    /// <summary>The requester withdraws their own open request.</summary>
    public async Task<BudgetRequest> CancelAsync(ClaimsPrincipal user, int requestId, CancellationToken cancellationToken)
    {
        var email = EmailOf(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = await LoadAsync(db, requestId, cancellationToken);
        if (request.RequesterEmail != email) throw new UnauthorizedAccessException("Only the person who asked may cancel a request.");
        if (!request.IsOpen) throw await ConflictAsync(requestId, cancellationToken);
        var recipients = await ApproversAsync(db, request, cancellationToken);
        return await CloseAsync(db, request, BudgetRequestStatus.Cancelled, email, null, "budget-request.cancelled",
            unit => ($"Withdrawn: {Usd(request.AmountMicros)} more for {unit.Name}", $"{request.RequesterName} withdrew the request."),
            recipients, cancellationToken);
    }

    /// <summary>
    /// Expires open requests whose first period has ended, and reminds the approvers of requests waiting longer
    /// than <see cref="ApprovalsOptions.RemindAfterDays"/>, once per stage. Returns (expired, reminded).
    /// </summary>
    public async Task<(int Expired, int Reminded)> MaintainAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var expired = 0;
        var reminded = 0;
        List<BudgetRequest> open;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            open = await db.BudgetRequests.AsNoTracking()
                .Where(r => r.Status == BudgetRequestStatus.Pending || r.Status == BudgetRequestStatus.PendingFinance).ToListAsync(cancellationToken);
        }
        foreach (var request in open)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (request.FirstPeriodEnd < today)
            {
                try
                {
                    await CloseAsync(db, request, BudgetRequestStatus.Expired, System, $"Undecided when its first period ended on {request.FirstPeriodEnd:yyyy-MM-dd}.",
                        "budget-request.expired",
                        unit => ($"Expired: {Usd(request.AmountMicros)} more for {unit.Name}",
                            $"Your request was not decided before {request.FirstPeriodEnd:yyyy-MM-dd}, the end of its first period, and has expired. Ask again if it is still needed."),
                        [request.RequesterEmail], cancellationToken);
                    expired++;
                }
                catch (BudgetRequestConflictException) { /* decided meanwhile */ }
                continue;
            }
            var waitingSince = request.Status == BudgetRequestStatus.PendingFinance ? request.FirstApprovedUtc ?? request.CreatedUtc : request.CreatedUtc;
            if (request.ReminderSentUtc is not null || now - waitingSince < TimeSpan.FromDays(options.CurrentValue.RemindAfterDays)) continue;
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.BudgetRequests.Where(r => r.Id == request.Id && r.Version == request.Version && r.ReminderSentUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReminderSentUtc, now), cancellationToken);
            if (claimed == 0) continue;
            var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == request.OrgUnitId, cancellationToken);
            var recipients = request.Status == BudgetRequestStatus.PendingFinance
                ? FinanceApprovers(request)
                : await ApproversAsync(db, request, cancellationToken);
            publisher.Stage(db, Message(request, unit, "budget-request.reminder",
                $"Waiting for you: {Usd(request.FirstApprovedAmountMicros ?? request.AmountMicros)} more for {unit.Name}",
                $"{request.RequesterName}'s request has waited {(now - waitingSince).Days} days for a decision. {request.Describe()}. Why: {request.Justification}"), recipients);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            reminded++;
        }
        if (expired + reminded > 0) Announce();
        return (expired, reminded);
    }

    private async Task AuthorizeDecisionAsync(DashboardDbContext db, ClaimsPrincipal user, string email, BudgetRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsOpen) throw await ConflictAsync(request.Id, cancellationToken);
        var owners = request.Status == BudgetRequestStatus.Pending ? await OwnersAboveAsync(db, request.OrgUnitId, cancellationToken) : [];
        if (DecisionRefusal(user, email, request, owners.Contains) is { } refusal) throw new UnauthorizedAccessException(refusal);
    }

    /// <summary>The request's own rule (<see cref="BudgetRequest.DecisionRefusal"/>) for a signed-in person.</summary>
    public static string? DecisionRefusal(ClaimsPrincipal user, string email, BudgetRequest request, Func<string, bool> ownsUnitOrAncestor) =>
        request.DecisionRefusal(email, user.IsInRole(Roles.Manager), user.IsInRole(Roles.Finance), ownsUnitOrAncestor);

    private async Task<BudgetRequest> CloseAsync(DashboardDbContext db, BudgetRequest request, BudgetRequestStatus status, string actor, string? comment, string action,
        Func<OrgUnit, (string Title, string Body)> words, IEnumerable<string> recipients, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var before = Snapshot(request);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var (seenStatus, seen) = (request.Status, request.Version);
        var updated = await db.BudgetRequests.Where(r => r.Id == request.Id && r.Status == seenStatus && r.Version == seen).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status).SetProperty(r => r.Version, Guid.NewGuid())
            .SetProperty(r => r.DecidedByEmail, actor).SetProperty(r => r.DecidedUtc, now).SetProperty(r => r.DecisionComment, comment), cancellationToken);
        if (updated == 0) throw await ConflictAsync(request.Id, cancellationToken);
        request = await db.BudgetRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id, cancellationToken);
        var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == request.OrgUnitId, cancellationToken);
        db.AuditEvents.Add(Audit(actor, action, request, before));
        var (title, body) = words(unit);
        publisher.Stage(db, Message(request, unit, action, title, body), recipients.Where(r => r != actor));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        Announce();
        return request;
    }

    /// <summary>Free text as stored: within its length, no control characters (line breaks allowed).</summary>
    private static string Text(string? value, string field, string what, int maxLength, bool required) =>
        TextInput.Problem(value, what, maxLength, required, multiLine: true) is { } problem
            ? throw new BudgetRequestException(field, problem)
            : TextInput.Clean(value);

    private bool NeedsFinance(BudgetRequest request, long grantedMicros)
    {
        var o = options.CurrentValue;
        return request.NeedsFinance(grantedMicros, o.SecondApprovalAbovePercent, o.SecondApprovalAboveAmount is { } limit ? Money.MicrosFromMajorRounded(limit) : null);
    }

    private long ValidAmount(decimal amount) =>
        BudgetAmount.Error(amount, budgets.Value.MaxAmount) is { } error ? throw new BudgetRequestException("Amount", error) : Money.MicrosFromMajor(amount);

    private static async Task<long> EffectiveAmountAsync(DashboardDbContext db, Budget budget, Period period, CancellationToken cancellationToken) =>
        (await Budgets.BudgetAmounts.LoadAsync(db, [budget.Id], cancellationToken)).For(budget, period)
            ?? throw new BudgetRequestException("BudgetId", $"The budget starts on {budget.FirstPeriodStart:yyyy-MM-dd}; ask for more once it has begun.");

    private static async Task<HashSet<string>> OwnersAboveAsync(DashboardDbContext db, int orgUnitId, CancellationToken cancellationToken)
    {
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var ids = tree.Ancestors(orgUnitId).Select(u => u.Id).Append(orgUnitId).ToList();
        return (await db.OrgUnitMembers.AsNoTracking().Where(m => m.IsOwner && ids.Contains(m.OrgUnitId)).Select(m => m.UserEmail).ToListAsync(cancellationToken))
            .Select(e => e.ToLowerInvariant()).ToHashSet();
    }

    /// <summary>Who is asked at the first stage: the owners of the unit and every unit above it, never the requester.</summary>
    private static async Task<IReadOnlyList<string>> ApproversAsync(DashboardDbContext db, BudgetRequest request, CancellationToken cancellationToken) =>
        (await OwnersAboveAsync(db, request.OrgUnitId, cancellationToken)).Where(e => e != request.RequesterEmail).Order().ToList();

    private List<string> FinanceApprovers(BudgetRequest request) =>
        notifications.CurrentValue.FinanceRecipients
            .Select(e => e.Trim().ToLowerInvariant()).Where(e => e != request.RequesterEmail && e != request.FirstApproverEmail).ToList();

    private static async Task<BudgetRequest> LoadAsync(DashboardDbContext db, int id, CancellationToken cancellationToken) =>
        await db.BudgetRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new KeyNotFoundException($"Budget request {id} does not exist.");

    private static async Task<BudgetRequestConflictException> ConflictAsync(DashboardDbContext db, int id, CancellationToken cancellationToken)
    {
        var r = await db.BudgetRequests.AsNoTracking().SingleAsync(x => x.Id == id, cancellationToken);
        return new BudgetRequestConflictException(r.Status switch
        {
            BudgetRequestStatus.PendingFinance => $"Already approved by {r.FirstApproverEmail} at {r.FirstApprovedUtc:yyyy-MM-dd HH:mm:ss} UTC; it now waits for Finance.",
            BudgetRequestStatus.Pending => "The request changed since you opened it; reload it and decide again.",
            BudgetRequestStatus.Expired => $"Already expired at {r.DecidedUtc:yyyy-MM-dd HH:mm:ss} UTC.",
            BudgetRequestStatus.Cancelled => $"Already cancelled by {r.DecidedByEmail} at {r.DecidedUtc:yyyy-MM-dd HH:mm:ss} UTC.",
            _ => $"Already {r.Status.ToString().ToLowerInvariant()} by {r.DecidedByEmail} at {r.DecidedUtc:yyyy-MM-dd HH:mm:ss} UTC.",
        });
    }

    private async Task<BudgetRequestConflictException> ConflictAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ConflictAsync(db, id, cancellationToken);
    }

    private NotificationMessage Message(BudgetRequest r, OrgUnit unit, string kind, string title, string body) =>
        new(kind, title, body, $"approvals?request={r.Id}", new Dictionary<string, object?>
        {
            ["requestId"] = r.Id,
            ["budgetId"] = r.BudgetId,
            ["orgUnit"] = unit.Code,
            ["orgUnitName"] = unit.Name,
            ["status"] = r.Status.ToString(),
            ["amount"] = Money.Reporting(r.AmountMicros).ToMajor(),
            ["approvedAmount"] = r.ApprovedAmountMicros is { } a ? Money.Reporting(a).ToMajor() : null,
            ["coverage"] = r.Describe(),
            ["requester"] = r.RequesterEmail,
        });

    private static string Snapshot(BudgetRequest r) => JsonSerializer.Serialize(new
    {
        status = r.Status.ToString(),
        amount = Money.Reporting(r.AmountMicros).ToMajor(),
        firstApprover = r.FirstApproverEmail,
        firstApprovedAmount = r.FirstApprovedAmountMicros is { } f ? Money.Reporting(f).ToMajor() : (decimal?)null,
        decidedBy = r.DecidedByEmail,
        approvedAmount = r.ApprovedAmountMicros is { } a ? Money.Reporting(a).ToMajor() : (decimal?)null,
        comment = r.DecisionComment ?? r.FirstApprovalComment,
    });

    private AuditEvent Audit(string actor, string action, BudgetRequest request, string? before) =>
        AuditEvent.Of(time.GetUtcNow().UtcDateTime, actor, action, nameof(BudgetRequest), request.Id, before, Snapshot(request));

    private void Announce() => publisher.Announce();

    private static string EmailOf(ClaimsPrincipal user) =>
        ScopeResolver.EmailOf(user) ?? throw new UnauthorizedAccessException("Requests and decisions need a signed-in person with an e-mail address.");

    private static string NameOf(ClaimsPrincipal user) => user.Identity?.Name ?? ScopeResolver.EmailOf(user) ?? "someone";

    private static string Usd(long micros) => Money.Reporting(micros).Format();
}
