namespace AiGateway.Dashboard.Features.Prices;

/// <summary>What importing a price file would do, before anything is written.</summary>
/// <param name="SkippedProviders">Providers in the file that we do not price, with their entry counts.</param>
public sealed record ImportPreview(string FileName, DateOnly EffectiveFrom, IReadOnlyList<PriceChange> Changes, int Unchanged, int Skipped, IReadOnlyDictionary<string, int> SkippedProviders);
