namespace AiGateway.Dashboard.Domain;

public enum OrgUnitKind
{
    Organization = 0,
    CostCentre = 1,
    Team = 2,
    Project = 3,
}
