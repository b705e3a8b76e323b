namespace AiGateway.Dashboard.Features.Spend;

/// <summary>Spend between two UTC days, both inclusive, grouped by zero or more dimensions.</summary>
public sealed record SpendQuery(DateOnly From, DateOnly To, IReadOnlyList<SpendDimension> GroupBy);
