namespace AiGateway.Dashboard.Features.Spend;

/// <summary>Spend between two UTC days, both inclusive, grouped by zero or more dimensions, filtered and scoped.</summary>
public sealed record SpendQuery(DateOnly From, DateOnly To, IReadOnlyList<SpendDimension> GroupBy)
{
    public SpendFilter Filter { get; init; } = SpendFilter.None;
    public SpendScope Scope { get; init; } = SpendScope.All;
}
