using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>
/// One read of a query's range: days or whole months (<see cref="RollupGrain.Day"/> or <see cref="RollupGrain.Month"/>,
/// mapped to the query's grains), added or, when <see cref="Less"/>, taken away (the days of a month outside the range).
/// </summary>
internal sealed record SpendPart(RollupGrain Grain, DateOnly From, DateOnly To, bool Less = false);
