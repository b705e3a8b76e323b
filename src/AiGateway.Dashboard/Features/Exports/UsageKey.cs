namespace AiGateway.Dashboard.Features.Exports;

/// <summary>Where a billed line's tokens are reported: connection, day, project (workspace) and model.</summary>
public readonly record struct UsageKey(int ConnectionId, DateOnly Day, string? ProjectId, string Model);
