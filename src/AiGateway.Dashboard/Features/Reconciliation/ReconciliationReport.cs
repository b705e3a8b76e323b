using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Reconciliation;

/// <param name="BilledThrough">Per provider, the last UTC day it has billed (usage after it is pending).</param>
/// <param name="ByClass">The figures of the finest rows (provider, project, day) of each class: untracked spend, estimates not yet billed, …</param>
public sealed record ReconciliationReport(
    DateWindow Window,
    IReadOnlyList<ReconciliationDimension> GroupBy,
    decimal TolerancePercent,
    IReadOnlyList<ReconciliationRow> Rows,
    ReconciliationFigures Totals,
    IReadOnlyDictionary<ReconciliationClass, ReconciliationFigures> ByClass,
    IReadOnlyDictionary<ProviderKind, DateOnly> BilledThrough);
