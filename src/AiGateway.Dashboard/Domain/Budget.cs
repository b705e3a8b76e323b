namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A spending limit of an org unit per period, from its first period on. Effective amount of a period = the base
/// in force for that period (its amount history, <see cref="BudgetAmountChange"/>), or that period's override,
/// plus approved increases for that period.
/// </summary>
public class Budget
{
    public int Id { get; set; }
    public int OrgUnitId { get; set; }
    public PeriodKind PeriodKind { get; set; }
    /// <summary>The base amount of the latest change (the one in force for the newest periods).</summary>
    public long BaseAmountMicros { get; set; }
    /// <summary>The first day of the budget's first period; periods before it have no budget.</summary>
    public DateOnly FirstPeriodStart { get; set; }
    public string Currency { get; set; } = ReportingCurrency.Code;
    /// <summary>Alert thresholds in percent, comma separated, e.g. "50,80,100".</summary>
    public string Thresholds { get; set; } = "50,80,100";
    public bool ForecastAlert { get; set; } = true;
    public bool HardLimit { get; set; }
    /// <summary>Alerts of this budget also go to the Finance recipients (<c>Notifications:FinanceRecipients</c>).</summary>
    public bool NotifyFinance { get; set; } = true;
    public Guid Version { get; set; } = Guid.NewGuid();

    public bool Covers(Period period) => period.Start >= FirstPeriodStart;

    /// <summary>
    /// The base amount in force for a period: the latest change effective on or before its start (the current
    /// base when the budget has no history); null before the first period.
    /// </summary>
    public long? BaseAmountFor(Period period, IEnumerable<BudgetAmountChange> changes)
    {
        if (!Covers(period)) return null;
        var change = changes.Where(c => c.BudgetId == Id && c.EffectiveFrom <= period.Start).MaxBy(c => c.EffectiveFrom);
        return change?.AmountMicros ?? BaseAmountMicros;
    }
}
