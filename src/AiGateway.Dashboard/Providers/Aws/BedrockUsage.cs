using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Aws;

/// <summary>What a Cost Explorer usage type (with its service) says: the model, the kind of tokens and the tier (batch, global, cache 1 h…).</summary>
public sealed record BedrockUsage(string Model, TokenType TokenType, string? Tier);
