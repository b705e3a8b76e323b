namespace AiGateway.Dashboard.Providers.Simulated;

/// <summary>A credit the simulated provider issues on one day (a refund of an outage, a promotion): a negative billed row.</summary>
public sealed record SimulatedCredit(DateOnly Date, string Project, string Model, long AmountMicros, string Description);
