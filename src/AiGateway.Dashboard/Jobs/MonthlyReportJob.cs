using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reports;
using Hangfire;

namespace AiGateway.Dashboard.Jobs;

/// <summary>On the 2nd of each month (after late billing data lands): last month's workbook, archived and e-mailed.</summary>
public sealed class MonthlyReportJob(MonthlyReportService reports, TimeProvider time)
{
    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    [JobDisplayName("Archive last month's workbook")]
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var lastMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).Previous();
        return reports.GenerateAsync(lastMonth, "schedule", sendEmail: true, cancellationToken);
    }

    /// <summary>At start: archives any month whose scheduled run was missed while the app was down.</summary>
    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    [JobDisplayName("Archive missed month-end workbooks")]
    public Task CatchUpAsync(CancellationToken cancellationToken) => reports.CatchUpAsync(cancellationToken);
}
