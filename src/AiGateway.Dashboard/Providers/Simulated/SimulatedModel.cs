using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Simulated;

/// <summary>A model with list prices in micro-dollars per million tokens.</summary>
public sealed record SimulatedModel(string Name, ProviderKind Provider, long InputPerMillion, long CachedInputPerMillion, long OutputPerMillion, int InputTokensPerRequest, int OutputTokensPerRequest);
