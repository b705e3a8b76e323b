namespace AiGateway.Dashboard.Configuration;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Creates the demo org tree, budgets and a Simulated connection, then syncs it at start.</summary>
    public bool Seed { get; set; }
    /// <summary>Seed of the simulated provider's generator: same seed, same numbers.</summary>
    public int SimulationSeed { get; set; } = 42;
}
