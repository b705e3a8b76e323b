using AiGateway.Dashboard.Features.Budgets;
using Hangfire;

namespace AiGateway.Dashboard.Jobs;

/// <summary>Evaluates every budget at least hourly (syncs trigger an evaluation too).</summary>
public sealed class BudgetEvaluationJob(BudgetEvaluator evaluator)
{
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [JobDisplayName("Evaluate budgets")]
    public Task RunAsync(CancellationToken cancellationToken) => evaluator.EvaluateAsync(cancellationToken);
}
