namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Which basis a rollup row counts on. Facts count on both; a prior-period adjustment is rolled up twice: on the
/// day it was booked (booked basis) and on the day it corrects (usage basis).
/// </summary>
public enum RollupBasis
{
    Both = 0,
    BookedOnly = 1,
    UsageOnly = 2,
}
