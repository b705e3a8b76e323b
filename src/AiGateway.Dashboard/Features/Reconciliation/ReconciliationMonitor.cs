using System.Globalization;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Notifications;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Features.Sync;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Reconciliation;

/// <summary>
/// After each successful sync, where a new bill meets the gateways' estimates: sums the untracked spend (billed with no
/// gateway usage) of this month and the last per provider, alerting Admins and Finance once per provider-month when it
/// passes <c>Reconciliation:UntrackedAlertAmount</c>; and keeps the open months' accruals for their true-up at close.
/// </summary>
public sealed class ReconciliationMonitor(Changes.ChangeSignal changes, ReconciliationQueries queries, SystemAlerts alerts, Books.AccrualService accruals,
    Books.BooksQueries books, IOptionsMonitor<ReconciliationOptions> options, TimeProvider time, ILogger<ReconciliationMonitor> log)
    : AfterSuccessfulSync(changes, log)
{
    protected override string What => "Checking untracked spend and keeping accruals";

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        await CheckUntrackedAsync(cancellationToken);
        await RecordAccrualsAsync(cancellationToken);
    }

    /// <summary>This month's and, while it is open, last month's accruals, kept as each provider's last accrual of the month.</summary>
    public async Task RecordAccrualsAsync(CancellationToken cancellationToken)
    {
        var month = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        foreach (var m in new[] { month.Previous(), month })
        {
            if ((await books.MonthAsync(m, cancellationToken)).Closed) continue;
            await accruals.RecordAsync(await accruals.ForMonthAsync(m, cancellationToken), cancellationToken);
        }
    }

    /// <returns>How many alerts fired.</returns>
    public async Task<int> CheckUntrackedAsync(CancellationToken cancellationToken)
    {
        var threshold = Money.MicrosFromMajorRounded(options.CurrentValue.UntrackedAlertAmount);
        if (threshold <= 0) return 0;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var fired = 0;
        foreach (var month in new[] { thisMonth.AddMonths(-1), thisMonth })
        {
            var end = month.AddMonths(1).AddDays(-1);
            var window = new DateWindow(month, end > today ? today : end);
            var report = await queries.QueryAsync(window, ReconciliationQueries.DefaultGroupBy, SpendScope.All, cancellationToken);
            foreach (var provider in report.Rows.Where(r => r.Class == ReconciliationClass.Untracked).GroupBy(r => r.Provider!.Value))
            {
                var untracked = provider.Sum(r => r.Figures.BilledMicros);
                if (untracked <= threshold) continue;
                var label = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                var projects = provider.Select(r => r.Project is { Length: > 0 } p ? p : "(no project)").Distinct().Order(StringComparer.Ordinal).ToList();
                if (await alerts.FireOnceAsync(SystemAlert.Untracked, $"{provider.Key}|{label}",
                        $"{provider.Key}: {Money.Reporting(untracked).Format()} of {label} spend bypassed the gateway",
                        $"{provider.Key} billed {Money.Reporting(untracked).Format()} in {label} with no gateway usage (above the {Money.Reporting(threshold).Format()} alert amount), "
                        + $"from {string.Join(", ", projects.Take(5))}{(projects.Count > 5 ? $" and {projects.Count - 5} more" : "")}. Route that traffic through the gateway, or it cannot be limited before it is spent.",
                        $"reconciliation?from={month:yyyy-MM-dd}",
                        toFinance: true,
                        new Dictionary<string, object?> { ["provider"] = provider.Key.ToString(), ["month"] = label, ["untracked"] = Money.Reporting(untracked).ToMajor(), ["projects"] = projects },
                        cancellationToken)) fired++;
            }
        }
        return fired;
    }
}
