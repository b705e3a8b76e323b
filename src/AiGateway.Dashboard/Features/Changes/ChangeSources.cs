using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Features.Notifications;
using AiGateway.Dashboard.Features.Usage;

namespace AiGateway.Dashboard.Features.Changes;

/// <summary>
/// Turns the low-level events of the parts that keep state in memory (the budget snapshot, the notification publisher,
/// the estimate refresher) into typed changes on <see cref="ChangeSignal"/>, for as long as the app runs.
/// </summary>
public sealed class ChangeSources(ChangeSignal signal, BudgetSnapshot budgets, NotificationPublisher notifications, NotificationQueries reads, EstimateRefresher estimates)
    : IHostedService
{
    private void OnBudgets() => signal.Publish(new DataChange(ChangeKind.Budgets));
    private void OnNotifications() => signal.Publish(new DataChange(ChangeKind.Notifications | ChangeKind.Approvals));
    private void OnRead() => signal.Publish(new DataChange(ChangeKind.Notifications));
    private void OnEstimates() => signal.Publish(new DataChange(ChangeKind.Estimates));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        budgets.Replaced += OnBudgets;
        notifications.Published += OnNotifications;
        reads.Read += OnRead;
        estimates.Refreshed += OnEstimates;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        budgets.Replaced -= OnBudgets;
        notifications.Published -= OnNotifications;
        reads.Read -= OnRead;
        estimates.Refreshed -= OnEstimates;
        return Task.CompletedTask;
    }
}
