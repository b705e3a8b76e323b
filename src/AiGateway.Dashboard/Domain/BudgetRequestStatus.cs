namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Pending → Approved | Rejected | Cancelled | Expired, with PendingFinance in between when a second approval by
/// Finance is required. Every state but the two pending ones is final.
/// </summary>
public enum BudgetRequestStatus
{
    /// <summary>Waiting for a Manager of the unit or an ancestor.</summary>
    Pending = 0,
    /// <summary>Approved by a Manager, waiting for the second approval by Finance.</summary>
    PendingFinance = 1,
    Approved = 2,
    Rejected = 3,
    Cancelled = 4,
    /// <summary>Left undecided past the end of its first period.</summary>
    Expired = 5,
}
