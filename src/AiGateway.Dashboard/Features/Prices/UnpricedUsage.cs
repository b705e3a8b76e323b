using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Prices;

/// <summary>Gateway usage of a model that had no price: its events and tokens are kept, never counted as $0.</summary>
public sealed record UnpricedUsage(ProviderKind Provider, string Model, long Events, long Tokens, DateTime FirstSeenUtc, DateTime LastSeenUtc);
