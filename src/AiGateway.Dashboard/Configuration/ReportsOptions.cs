namespace AiGateway.Dashboard.Configuration;

public sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>Who receives last month's workbook when the scheduled job archives it (needs Notifications:Smtp).</summary>
    public List<string> FinanceDistributionList { get; set; } = [];

    /// <summary>When the scheduled job builds last month's workbook (UTC cron): 06:00 on the 2nd, after late billing data lands.</summary>
    public string Schedule { get; set; } = "0 6 2 * *";
}
