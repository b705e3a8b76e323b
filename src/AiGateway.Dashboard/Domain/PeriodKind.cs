namespace AiGateway.Dashboard.Domain;

public enum PeriodKind
{
    Monthly = 0,
    Quarterly = 1,
    Annual = 2,
}
