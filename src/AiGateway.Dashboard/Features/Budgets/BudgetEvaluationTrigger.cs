using AiGateway.Dashboard.Features.Sync;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>Re-evaluates budgets after every successful sync or re-allocation, one evaluation at a time.</summary>
public sealed class BudgetEvaluationTrigger(SyncNotifier notifier, BudgetEvaluator evaluator, ILogger<BudgetEvaluationTrigger> log) : IHostedService
{
    private readonly SemaphoreSlim _running = new(1, 1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        notifier.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        notifier.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(SyncProgress progress)
    {
        if (progress.Stage != "Succeeded") return;
        _ = Task.Run(async () =>
        {
            await _running.WaitAsync();
            try { await evaluator.EvaluateAsync(CancellationToken.None); }
            catch (Exception ex) { log.LogError(ex, "Budget evaluation after a sync failed"); }
            finally { _running.Release(); }
        });
    }
}
