namespace AiGateway.Dashboard.Domain;

public enum SyncTrigger
{
    Schedule = 0,
    Manual = 1,
    Api = 2,
    Startup = 3,
}
