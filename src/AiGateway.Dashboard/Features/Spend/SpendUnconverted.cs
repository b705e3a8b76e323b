namespace AiGateway.Dashboard.Features.Spend;

/// <summary>Rows of a day billed in <paramref name="OriginalCurrency"/> that no rate converts yet: left out of the totals, and said.</summary>
public sealed record SpendUnconverted(string Day, int Rows, decimal OriginalAmount, string OriginalCurrency, string Description);
