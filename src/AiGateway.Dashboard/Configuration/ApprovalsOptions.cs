namespace AiGateway.Dashboard.Configuration;

public sealed class ApprovalsOptions
{
    public const string Section = "Approvals";

    /// <summary>An increase above this share of the period's budget (in percent) also needs Finance's approval.</summary>
    public decimal SecondApprovalAbovePercent { get; set; } = 25m;

    /// <summary>An increase above this amount (USD per period) also needs Finance's approval; null: no amount rule.</summary>
    public decimal? SecondApprovalAboveAmount { get; set; } = 50_000m;

    /// <summary>A request waiting longer than this reminds its approvers, once.</summary>
    public int RemindAfterDays { get; set; } = 3;

    /// <summary>The most periods one request may cover (for "the next N periods").</summary>
    public int MaxPeriods { get; set; } = 24;
}
