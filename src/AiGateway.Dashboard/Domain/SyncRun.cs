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
    public SyncRunStatus Status { get; set; }
    public int RowsWritten { get; set; }
    public int PagesFetched { get; set; }
    public string? Error { get; set; }

    public DateWindow Window => new(WindowFrom, WindowTo);

    public TimeSpan? Duration => FinishedUtc is { } f ? f - StartedUtc : null;
}
