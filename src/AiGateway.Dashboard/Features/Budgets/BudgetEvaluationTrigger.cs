using AiGateway.Dashboard.Features.Sync;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>Re-evaluates budgets after every successful sync or re-allocation, one evaluation at a time.</summary>
public sealed class BudgetEvaluationTrigger(Changes.ChangeSignal changes, BudgetEvaluator evaluator, ILogger<BudgetEvaluationTrigger> log) : AfterSuccessfulSync(changes, log)
{
    protected override string What => "Budget evaluation";

    protected override Task RunAsync(CancellationToken cancellationToken) => evaluator.EvaluateAsync(cancellationToken);
}
