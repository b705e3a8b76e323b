namespace AiGateway.Dashboard.Configuration;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Creates the demo org tree, budgets and a Simulated connection, then syncs it at start.</summary>
    public bool Seed { get; set; }
    /// <summary>Seed of the simulated provider's generator: same seed, same numbers.</summary>
    public int SimulationSeed { get; set; } = 42;

    /// <summary>
    /// With <see cref="Seed"/>: a simulated gateway posts the demo projects' usage through the real ingestion endpoint every
    /// <see cref="GatewayIntervalSeconds"/>, and the simulated provider bills complete UTC days only — so live spend,
    /// its estimated part, every reconciliation class and an accrual show on the first run.
    /// </summary>
    public bool Gateway { get; set; } = true;

    public int GatewayIntervalSeconds { get; set; } = 5;
}
