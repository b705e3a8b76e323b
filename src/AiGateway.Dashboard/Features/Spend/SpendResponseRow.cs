namespace AiGateway.Dashboard.Features.Spend;

/// <summary>A row of <c>/api/v1/spend</c>; dimensions not grouped on are left out of the JSON.</summary>
public sealed class SpendResponseRow
{
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public string? OrgUnit { get; init; }
    public string? OrgUnitCode { get; init; }
    public string? Project { get; init; }
    public string? ProjectName { get; init; }
    public string? Connection { get; init; }
    public int? ConnectionId { get; init; }
    public string? Day { get; init; }
    /// <summary>Billed plus the gateway estimate of what is not billed yet.</summary>
    public decimal Cost { get; init; }
    public decimal Billed { get; init; }
    public decimal Estimated { get; init; }
    /// <summary>The currency of every amount of the row: the reporting currency (billed amounts in others were converted at their day's rate).</summary>
    public string Currency { get; init; } = Domain.ReportingCurrency.Code;
    public long InputTokens { get; init; }
    public long CachedInputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long Requests { get; init; }
}
