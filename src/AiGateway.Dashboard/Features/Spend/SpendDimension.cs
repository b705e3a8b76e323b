namespace AiGateway.Dashboard.Features.Spend;

public enum SpendDimension
{
    Provider,
    Model,
    OrgUnit,
    Project,
    Connection,
    Day,
    /// <summary>Calendar month (key: its first day); whole months read the month grain.</summary>
    Month,
}
