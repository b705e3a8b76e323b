namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A spending limit of an org unit per period. Effective amount of a period = base (or that period's
/// override) + approved increases for that period (increases arrive with the approvals workflow).
/// </summary>
public class Budget
{
    public int Id { get; set; }
    public int OrgUnitId { get; set; }
    public PeriodKind PeriodKind { get; set; }
    public long BaseAmountMicros { get; set; }
    public string Currency { get; set; } = Money.Usd;
    /// <summary>Alert thresholds in percent, comma separated, e.g. "50,80,100".</summary>
    public string Thresholds { get; set; } = "50,80,100";
    public bool ForecastAlert { get; set; } = true;
    public bool HardLimit { get; set; }
    /// <summary>Alerts of this budget also go to the Finance recipients (<c>Notifications:FinanceRecipients</c>).</summary>
    public bool NotifyFinance { get; set; } = true;
    public Guid Version { get; set; } = Guid.NewGuid();
}
