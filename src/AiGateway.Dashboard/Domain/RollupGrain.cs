namespace AiGateway.Dashboard.Domain;

public enum RollupGrain
{
    /// <summary>One row per UTC day.</summary>
    Day = 0,
    /// <summary>One row per UTC calendar month; <c>Date</c> is the first day of the month.</summary>
    Month = 1,
}
