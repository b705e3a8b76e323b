namespace AiGateway.Dashboard.Features.Spend;

public enum SpendDimension
{
    Provider,
    Model,
    OrgUnit,
    Project,
    Connection,
    Day,
}
