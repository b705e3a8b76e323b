using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Changes;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// Keeps this node's budget snapshot (the gateways' check, the pages' budget states) in step with changes other
/// nodes made: spend, estimates, allocation, the books, a budget or an approved request changed elsewhere → evaluate here, without alerting (the
/// node that made the change alerted). Bursts are coalesced: one evaluation follows however many changes arrived while
/// one was running.
/// </summary>
public sealed class RemoteChangeFollower(ChangeSignal changes, BudgetEvaluator evaluator, ILogger<RemoteChangeFollower> log) : IHostedService
{
    /// <summary>What a budget's state depends on. Never <see cref="ChangeKind.Budgets"/>: an evaluation is not followed by another.</summary>
    public const ChangeKind Followed = ChangeKind.AnySpend | ChangeKind.Approvals | ChangeKind.BudgetDefinitions;

    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    private void OnChanged(DataChange change)
    {
        if (!change.Remote || !change.Concerns(Followed)) return;
        try { _signal.Release(); } catch (SemaphoreFullException) { } // one is already pending
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnChanged;
        _loop = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                await _signal.WaitAsync(_stopping.Token);
                try { await evaluator.EvaluateAsync(_stopping.Token, fireAlerts: false); }
                catch (Exception ex) when (ex is not OperationCanceledException) { log.LogError(ex, "Following another node's change failed"); }
            }
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnChanged;
        await _stopping.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
    }
}
