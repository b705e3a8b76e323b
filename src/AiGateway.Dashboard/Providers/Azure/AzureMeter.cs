using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Azure;

/// <summary>What a Cost Management meter name says: the model, the kind of tokens and the deployment type ("global", "batch global"…).</summary>
public sealed record AzureMeter(string Model, TokenType TokenType, string? Deployment);
