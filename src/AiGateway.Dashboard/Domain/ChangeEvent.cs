namespace AiGateway.Dashboard.Domain;

/// <summary>
/// One shared change, written for the other nodes of a database that has no notifications of its own (SQL Server): they
/// poll the table for rows after the last they read (decision 021). Kept an hour.
/// </summary>
public class ChangeEvent
{
    public long Id { get; set; }
    /// <summary>The node that made the change (a random id per process): it does not hear its own changes again.</summary>
    public string Node { get; set; } = "";
    public ChangeKind Kind { get; set; }
    public int? ConnectionId { get; set; }
    public long Rows { get; set; }
    public DateTime AtUtc { get; set; }
}
