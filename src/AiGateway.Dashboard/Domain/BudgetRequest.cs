namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A request to raise a budget: how much per period, for which periods, why, and what it buys. Decisions move it
/// through <see cref="BudgetRequestStatus"/>; <see cref="Version"/> changes on every transition, so two people
/// deciding at the same moment produce exactly one decision.
/// </summary>
public class BudgetRequest
{
    public int Id { get; set; }
    public int BudgetId { get; set; }
    public int OrgUnitId { get; set; }
    public string RequesterEmail { get; set; } = "";
    public string RequesterName { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    /// <summary>The increase per period asked for.</summary>
    public long AmountMicros { get; set; }
    public BudgetRequestCoverage Coverage { get; set; }
    /// <summary>Periods covered for <see cref="BudgetRequestCoverage.NextPeriods"/>; 1 for this period; 0 for permanent.</summary>
    public int PeriodCount { get; set; }
    /// <summary>The first period covered (the period the request was made in).</summary>
    public DateOnly FirstPeriodStart { get; set; }
    public DateOnly FirstPeriodEnd { get; set; }
    public string Justification { get; set; } = "";
    public string ExpectedOutcome { get; set; } = "";
    public int? OutcomeMetricId { get; set; }
    /// <summary>The extra outcomes expected (e.g. 15,000 more resolved tickets), in the metric's unit.</summary>
    public long? OutcomeTarget { get; set; }
    /// <summary>The budget's effective amount for the first period when the request was made.</summary>
    public long BudgetAtRequestMicros { get; set; }
    public bool NeedsSecondApproval { get; set; }

    public BudgetRequestStatus Status { get; set; }
    public string? FirstApproverEmail { get; set; }
    public DateTime? FirstApprovedUtc { get; set; }
    public string? FirstApprovalComment { get; set; }
    /// <summary>The amount the first approver agreed to (at most the amount asked for).</summary>
    public long? FirstApprovedAmountMicros { get; set; }
    /// <summary>Who made the final decision (approve, reject, cancel; "system" for expiry).</summary>
    public string? DecidedByEmail { get; set; }
    public DateTime? DecidedUtc { get; set; }
    public string? DecisionComment { get; set; }
    /// <summary>The increase per period that was granted.</summary>
    public long? ApprovedAmountMicros { get; set; }
    public DateTime? ReminderSentUtc { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsOpen => Status is BudgetRequestStatus.Pending or BudgetRequestStatus.PendingFinance;

    /// <summary>The most an approver may grant now: the amount asked for, or at the second stage what the first approver granted.</summary>
    public long CeilingMicros => Status == BudgetRequestStatus.PendingFinance ? FirstApprovedAmountMicros ?? AmountMicros : AmountMicros;

    /// <summary>The kind of the budget's periods, read from the first period's length.</summary>
    public PeriodKind PeriodKind
    {
        get
        {
            var months = ((FirstPeriodEnd.Year - FirstPeriodStart.Year) * 12) + FirstPeriodEnd.Month - FirstPeriodStart.Month + 1;
            return months switch { 1 => PeriodKind.Monthly, 3 => PeriodKind.Quarterly, _ => PeriodKind.Annual };
        }
    }

    /// <summary>
    /// Why this person may not decide this request now, or null when they may: never the requester; at the first stage
    /// a Manager who owns the unit or a unit above it; at the second Finance, not the first approver.
    /// </summary>
    /// <param name="ownsUnitOrAbove">Whether <paramref name="email"/> owns the request's unit or a unit above it.</param>
    public string? DecisionRefusal(string email, bool isManager, bool isFinance, Func<string, bool> ownsUnitOrAbove)
    {
        if (!IsOpen) return $"The request is already {Status.ToString().ToLowerInvariant()}.";
        if (RequesterEmail == email) return "Nobody approves or rejects their own request.";
        if (Status == BudgetRequestStatus.Pending)
        {
            if (!isManager) return "A Manager of the unit or of a unit above it decides first.";
            return ownsUnitOrAbove(email) ? null : "Only a Manager who owns this unit or a unit above it may decide.";
        }
        if (!isFinance) return "This request waits for the second approval by Finance.";
        return FirstApproverEmail == email ? "The second approval must come from someone other than the first approver." : null;
    }

    /// <summary>What granting <paramref name="grantedMicros"/> with <paramref name="comment"/> gets wrong, or null (the field and the message).</summary>
    public (string Field, string Message)? GrantProblem(long grantedMicros, string? comment)
    {
        if (grantedMicros > CeilingMicros)
            return ("Amount", $"Approve at most {Money.Reporting(CeilingMicros).Format()}, the amount asked for{(CeilingMicros != AmountMicros ? " and approved so far" : "")}.");
        if (grantedMicros < CeilingMicros && string.IsNullOrWhiteSpace(comment)) return ("Comment", "Say why you approve less than was asked for.");
        return null;
    }

    /// <summary>
    /// Whether a first approval of <paramref name="grantedMicros"/> also needs Finance: above <paramref name="abovePercent"/> % of
    /// the budget when asked, or above <paramref name="aboveMicros"/> (when set), or on a budget of nothing.
    /// </summary>
    public bool NeedsFinance(long grantedMicros, decimal abovePercent, long? aboveMicros) =>
        Status == BudgetRequestStatus.Pending
        && ((aboveMicros is { } limit && grantedMicros > limit) || BudgetAtRequestMicros <= 0 || (decimal)grantedMicros * 100 > BudgetAtRequestMicros * abovePercent);

    /// <summary>The adjustments an approval writes: exactly the periods the request covers (one open-ended one when permanent).</summary>
    public IEnumerable<BudgetAdjustment> Adjustments(long grantedMicros, DateTime nowUtc, int fiscalYearStartMonth)
    {
        var reason = $"Request {Id}: {Describe()}";
        if (Coverage == BudgetRequestCoverage.Permanent)
        {
            yield return new BudgetAdjustment { BudgetId = BudgetId, PeriodStart = FirstPeriodStart, AmountMicros = grantedMicros, IsPermanent = true, RequestId = Id, CreatedUtc = nowUtc, Reason = reason };
            yield break;
        }
        var period = Period.Containing(PeriodKind, FirstPeriodStart, fiscalYearStartMonth);
        for (var i = 0; i < Math.Max(1, PeriodCount); i++, period = period.Next())
            yield return new BudgetAdjustment { BudgetId = BudgetId, PeriodStart = period.Start, AmountMicros = grantedMicros, RequestId = Id, CreatedUtc = nowUtc, Reason = reason };
    }

    /// <summary>"this period (2026-11)", "3 periods from 2026-11", "permanently from 2026-11".</summary>
    public string Describe()
    {
        var first = new Period(PeriodKind, FirstPeriodStart, FirstPeriodEnd).Label;
        return Coverage switch
        {
            BudgetRequestCoverage.ThisPeriod => $"this period ({first})",
            BudgetRequestCoverage.NextPeriods => PeriodCount == 1 ? $"this period ({first})" : $"{PeriodCount} periods from {first}",
            _ => $"permanently from {first}",
        };
    }
}
