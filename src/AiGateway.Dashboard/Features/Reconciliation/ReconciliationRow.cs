using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Reconciliation;

/// <summary>One group: its key (null where not grouped by that dimension; "" for no project), figures and class.</summary>
public sealed record ReconciliationRow(ProviderKind? Provider, string? Project, string? Model, DateOnly? Day, ReconciliationFigures Figures, ReconciliationClass Class);
