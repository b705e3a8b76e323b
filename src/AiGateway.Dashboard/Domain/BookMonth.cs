namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The books of one UTC calendar month. A month without a row is open. Closing freezes every figure of the
/// month: later changes to it become <see cref="CostRecord.RestatedDate">prior-period adjustments</see> booked
/// on the day they are found. Reopening is recorded with its reason; the row keeps the last close.
/// </summary>
public class BookMonth
{
    public int Id { get; set; }
    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }
    public bool Closed { get; set; }
    public DateTime? ClosedUtc { get; set; }
    public string? ClosedBy { get; set; }
    /// <summary>The month's booked total when it was closed (micro-USD).</summary>
    public long ClosedTotalMicros { get; set; }
    /// <summary>What the closer confirmed when the month was closed early or incomplete; null for a regular close.</summary>
    public string? CloseConfirmation { get; set; }
    public DateTime? ReopenedUtc { get; set; }
    public string? ReopenedBy { get; set; }
    public string? ReopenReason { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public Period Period => Period.Containing(PeriodKind.Monthly, Month);
}
