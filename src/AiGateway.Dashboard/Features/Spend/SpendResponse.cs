namespace AiGateway.Dashboard.Features.Spend;

public sealed record SpendResponse(string Currency, string From, string To, decimal Total, IReadOnlyList<SpendResponseRow> Rows, string Basis, decimal Billed = 0, decimal Estimated = 0,
    IReadOnlyList<SpendUnconverted>? Unconverted = null);
