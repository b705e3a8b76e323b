namespace AiGateway.Dashboard.Features.Connections;

public sealed record ConnectionTestResult(bool Ok, string Message);
