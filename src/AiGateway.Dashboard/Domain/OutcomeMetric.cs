namespace AiGateway.Dashboard.Domain;

/// <summary>What an org unit's AI spend buys, counted daily (e.g. "tickets resolved", unit "tickets").</summary>
public class OutcomeMetric
{
    public int Id { get; set; }
    public int OrgUnitId { get; set; }
    public string Name { get; set; } = "";
    public string Unit { get; set; } = "";
}
