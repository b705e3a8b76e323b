namespace AiGateway.Dashboard.Features.Reconciliation;

/// <summary>What reconciliation rows are grouped by (<c>groupBy=provider,project,day</c>).</summary>
public enum ReconciliationDimension
{
    Provider,
    Project,
    Model,
    Day,
}
