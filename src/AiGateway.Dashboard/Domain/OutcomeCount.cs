namespace AiGateway.Dashboard.Domain;

/// <summary>One day's count of an outcome metric; a new count for the same day replaces the old one.</summary>
public class OutcomeCount
{
    public long Id { get; set; }
    public int MetricId { get; set; }
    public DateOnly Date { get; set; }
    public long Count { get; set; }
}
