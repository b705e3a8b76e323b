namespace AiGateway.Dashboard.Domain;

public enum SyncRunStatus
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    Skipped = 3,
}
