using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>Spend between two UTC days, both inclusive, grouped by zero or more dimensions, filtered and scoped.</summary>
public sealed record SpendQuery(DateOnly From, DateOnly To, IReadOnlyList<SpendDimension> GroupBy)
{
    public SpendFilter Filter { get; init; } = SpendFilter.None;
    public SpendScope Scope { get; init; } = SpendScope.All;
    /// <summary>As booked (the default: closed months as closed, adjustments where they were booked) or by usage date.</summary>
    public SpendBasis Basis { get; init; } = SpendBasis.Booked;
    /// <summary>Billed spend only, without gateway estimates (<c>kind=billed</c>).</summary>
    public bool BilledOnly { get; init; }
}
