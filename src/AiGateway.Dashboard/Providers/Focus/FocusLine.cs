namespace AiGateway.Dashboard.Providers.Focus;

/// <summary>One data row of a FOCUS file: its line (CSV) or row number (Parquet, counting the header as line 1), and its values by column.</summary>
public sealed record FocusLine(long Line, IReadOnlyDictionary<string, string?> Values);
