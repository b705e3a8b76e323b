namespace AiGateway.Dashboard.Configuration;

public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    public int FiscalYearStartMonth { get; set; } = 1;
    public string Currency { get; set; } = "USD";
}
