namespace AiGateway.Dashboard.Jobs;

/// <summary>Every recurring job id in one place.</summary>
public static class JobIds
{
    public static string Sync(int connectionId) => $"sync:{connectionId}";

    public const string EvaluateBudgets = "budgets:evaluate";
    public const string MaintainApprovals = "approvals:maintain";
    public const string MonthlyReport = "reports:monthly";
    public const string InterruptedRuns = "sync:interrupted-runs";
    public const string UsageRetention = "usage:retention";
    public const string FxRates = "fx:rates";
}
