namespace AiGateway.Dashboard.Domain;

/// <summary>Where a budget stands in a period: actual against the effective amount, the forecast and the state.</summary>
public sealed record BudgetStatus(
    int BudgetId,
    int OrgUnitId,
    Period Period,
    long BudgetMicros,
    long ActualMicros,
    Forecast Forecast,
    bool HardLimit)
{
    public long RemainingMicros => BudgetMicros - ActualMicros;

    /// <summary>The part of <see cref="ActualMicros"/> estimated from gateway usage the providers have not billed yet.</summary>
    public long EstimatedMicros { get; init; }

    /// <summary>Actual as a share of the budget (1 = 100 %); 0 for a zero budget with no spend.</summary>
    public decimal Used => BudgetMicros == 0 ? (ActualMicros > 0 ? 1 : 0) : (decimal)ActualMicros / BudgetMicros;

    /// <summary>One rule with <see cref="DaysUntilExhausted"/>: at risk exactly when the forecast runs out within the period.</summary>
    public BudgetState State =>
        ActualMicros >= BudgetMicros ? BudgetState.Over
        : Forecast.ForecastMicros is not { } f ? BudgetState.TooEarly
        : f > BudgetMicros ? BudgetState.AtRisk
        : BudgetState.OnTrack;

    /// <summary>Whole days of the period left after today.</summary>
    public int RemainingDays(DateOnly today) => Math.Max(0, Period.End.DayNumber - Math.Max(today.DayNumber, Period.Start.DayNumber - 1));

    /// <summary>
    /// Days from today until the budget runs out at the forecast's rates (0 = today or already); null without a
    /// forecast or when it lasts the period — so "at risk" and "exhausted in" never disagree.
    /// </summary>
    public int? DaysUntilExhausted(DateOnly today)
    {
        if (ActualMicros >= BudgetMicros) return 0;
        return Forecast.ExhaustionDay(BudgetMicros) is { } day ? Math.Max(0, day.DayNumber - today.DayNumber) : null;
    }

    /// <summary>
    /// The effective amount of a period: the period's override or the base in force for it
    /// (<see cref="Budget.BaseAmountFor"/>), plus approved increases for that period (<see cref="AdjustmentsFor"/>);
    /// null before the budget's first period.
    /// </summary>
    public static long? EffectiveAmount(Budget budget, Period period, IEnumerable<BudgetAmountChange> changes,
        IReadOnlyDictionary<DateOnly, long> overrides, long approvedIncreases = 0) =>
        budget.BaseAmountFor(period, changes) is { } baseAmount
            ? checked(overrides.GetValueOrDefault(period.Start, baseAmount) + approvedIncreases)
            : null;

    /// <summary>The approved increases that apply to a period: those made for it, and permanent ones made for it or before.</summary>
    public static long AdjustmentsFor(IEnumerable<BudgetAdjustment> adjustments, Period period) =>
        adjustments.Where(a => a.PeriodStart == period.Start || (a.IsPermanent && a.PeriodStart < period.Start)).Sum(a => a.AmountMicros);
}
