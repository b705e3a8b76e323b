namespace AiGateway.Dashboard.Features.Usage;

/// <summary>What a batch did: events counted, events already seen, and the models that had no price (their tokens are kept).</summary>
public sealed record UsageIngestResult(int Accepted, int Duplicates, IReadOnlyList<UnpricedModel> Unpriced);
