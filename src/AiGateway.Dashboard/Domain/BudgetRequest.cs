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
}
