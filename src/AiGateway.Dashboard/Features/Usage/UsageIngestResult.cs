namespace AiGateway.Dashboard.Features.Usage;

/// <summary>What a batch did: events counted, events already seen, and the models that had no price (their tokens are kept).</summary>
/// <param name="Skipped">Payloads that carry no usage (a LiteLLM call that failed).</param>
public sealed record UsageIngestResult(int Accepted, int Duplicates, IReadOnlyList<UnpricedModel> Unpriced, int Skipped = 0);
