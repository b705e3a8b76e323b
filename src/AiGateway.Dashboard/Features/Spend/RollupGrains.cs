using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>A pair of grains that keep the same dimensions, one per day and one per month.</summary>
internal sealed record RollupGrains(RollupGrain Days, RollupGrain Months)
{
    public static readonly RollupGrains Full = new(RollupGrain.Day, RollupGrain.Month);
    public static readonly RollupGrains Models = new(RollupGrain.ModelDay, RollupGrain.ModelMonth);
    public static readonly RollupGrains Units = new(RollupGrain.UnitDay, RollupGrain.UnitMonth);

    /// <summary>This pair's grain for a period of the split (<see cref="RollupGrain.Day"/> or <see cref="RollupGrain.Month"/>).</summary>
    public RollupGrain Of(RollupGrain period) => period == RollupGrain.Month ? Months : Days;
}
