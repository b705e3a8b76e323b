namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A rollup's period and the dimensions it keeps. The full grains keep every dimension; the lean ones sum some
/// away so that a question that does not need them reads far fewer rows (decision 023). In a lean grain the
/// dimensions it drops hold their empty value: provider <see cref="ProviderKind.Simulated"/>, model and project
/// "", org unit null. Connection, kind and basis are kept everywhere.
/// </summary>
public enum RollupGrain
{
    /// <summary>One row per UTC day and every dimension.</summary>
    Day = 0,
    /// <summary>One row per UTC calendar month and every dimension; <c>Date</c> is the first day of the month.</summary>
    Month = 1,
    /// <summary>Per day, provider and model (projects and org units summed away).</summary>
    ModelDay = 2,
    /// <summary>Per month, provider and model.</summary>
    ModelMonth = 3,
    /// <summary>Per day and org unit (providers, models and projects summed away).</summary>
    UnitDay = 4,
    /// <summary>Per month and org unit.</summary>
    UnitMonth = 5,
}
