namespace AiGateway.Dashboard.Domain;

/// <summary>One execution of a connection's sync over one window of days.</summary>
public class SyncRun
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public SyncTrigger Trigger { get; set; }
    public DateOnly WindowFrom { get; set; }
    public DateOnly WindowTo { get; set; }
    public DateTime StartedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
    /// <summary>The worker running it says it is alive (every <c>Jobs:HeartbeatEvery</c>); null while the run waits for a worker.</summary>
    public DateTime? HeartbeatUtc { get; set; }
    public SyncRunStatus Status { get; set; }
    public int RowsWritten { get; set; }
    public int PagesFetched { get; set; }
    public string? Error { get; set; }
    /// <summary>A re-pull of a range a person asked for (after a provider restated it), rather than the planned window.</summary>
    public bool RangeRequested { get; set; }
    /// <summary>Prior-period adjustments the run booked: changes it found on days of closed months.</summary>
    public int AdjustmentsBooked { get; set; }
    /// <summary>What a successful run wants read: rows waiting for an exchange rate, provider lines it could not map (kept under their own names).</summary>
    public string? Notes { get; set; }
    /// <summary>The first day the provider still called estimated (AWS): the next run re-pulls from there until the days are final.</summary>
    public DateOnly? ProvisionalFrom { get; set; }

    public DateWindow Window => new(WindowFrom, WindowTo);

    public TimeSpan? Duration => FinishedUtc is { } f ? f - StartedUtc : null;
}
