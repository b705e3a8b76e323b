namespace AiGateway.Dashboard.Providers.Simulated;

/// <summary>A project of the simulated company, with the team and cost centre it belongs to.</summary>
public sealed record SimulatedProject(string Id, string Name, string Team, string CostCentre, int BaseRequestsPerDay, string[] Models);
