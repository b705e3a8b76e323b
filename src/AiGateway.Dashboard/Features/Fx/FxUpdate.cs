namespace AiGateway.Dashboard.Features.Fx;

/// <summary>What a change of rates did: rates added or changed, rates left alone (closed months), and rows re-converted.</summary>
public sealed record FxUpdate(int RatesWritten, int RatesUnchanged, int RowsConverted, IReadOnlyList<string> Skipped);
