using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;

namespace AiGateway.Dashboard.Tests.Domain;

public class BudgetTests
{
    private const long D = Money.MicrosPerUnit;
    private static readonly Period November = Period.Month(2026, 11);
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static BudgetStatus Status(long budget, long actual, long? forecast = null, bool hard = false, int unit = 1, int id = 1) =>
        new(id, unit, November, budget * D, actual * D, new Forecast(November, actual * D, forecast * D, ""), hard);

    [Fact]
    public void Over_when_actual_reaches_the_budget_at_risk_when_the_forecast_does_on_track_otherwise()
    {
        Status(100, 100).State.ShouldBe(BudgetState.Over);
        Status(100, 70, forecast: 120).State.ShouldBe(BudgetState.AtRisk);
        Status(100, 70, forecast: 95).State.ShouldBe(BudgetState.OnTrack);
        Status(100, 70).State.ShouldBe(BudgetState.TooEarly); // no forecast yet: neither on track nor at risk
    }

    /// <summary>November at $5 every day, evaluated on the 20th (19 complete days, today running).</summary>
    private static BudgetStatus Flat(long budget, long perDay = 5)
    {
        var daily = Enumerable.Range(0, 20).ToDictionary(i => November.Start.AddDays(i), _ => perDay * D);
        return new BudgetStatus(1, 1, November, budget * D, 20 * perDay * D, Forecast.For(November, Today, daily), false);
    }

    [Fact]
    public void Days_until_exhausted_follow_the_forecast_rates_and_agree_with_the_state()
    {
        // 19 complete days at $5 = $95; from today on $5 a day: $130 runs out on day 27 (7 days after today).
        Flat(130).DaysUntilExhausted(Today).ShouldBe(7);
        Flat(130).State.ShouldBe(BudgetState.AtRisk);
        Flat(500).DaysUntilExhausted(Today).ShouldBeNull(); // lasts the period
        Flat(500).State.ShouldBe(BudgetState.OnTrack);
        Status(100, 120).DaysUntilExhausted(Today).ShouldBe(0);
        Status(100, 20).RemainingDays(Today).ShouldBe(10);
        Status(100, 0).DaysUntilExhausted(Today).ShouldBeNull();
        // Whatever the amount, at risk exactly when it runs out within the period.
        foreach (var budget in Enumerable.Range(101, 100))
            (Flat(budget).DaysUntilExhausted(Today) is not null).ShouldBe(Flat(budget).State == BudgetState.AtRisk, $"${budget}");
    }

    [Fact]
    public void The_effective_amount_is_the_period_override_or_the_base_plus_approved_increases()
    {
        var budget = new Budget { BaseAmountMicros = 1_000 * D };
        var december = Period.Month(2026, 12);
        var overrides = new Dictionary<DateOnly, long> { [december.Start] = 1_500 * D };
        BudgetStatus.EffectiveAmount(budget, November, [], overrides).ShouldBe(1_000 * D);
        BudgetStatus.EffectiveAmount(budget, december, [], overrides).ShouldBe(1_500 * D);
        BudgetStatus.EffectiveAmount(budget, december, [], overrides, approvedIncreases: 250 * D).ShouldBe(1_750 * D);
    }

    [Fact]
    public void A_budget_has_no_amount_before_its_first_period_and_each_period_keeps_the_amount_in_force_then()
    {
        var budget = new Budget { Id = 7, BaseAmountMicros = 400 * D, FirstPeriodStart = new DateOnly(2026, 9, 1) };
        BudgetAmountChange Change(int month, long dollars) => new() { BudgetId = 7, EffectiveFrom = new DateOnly(2026, month, 1), AmountMicros = dollars * D };
        List<BudgetAmountChange> changes = [Change(9, 309), Change(12, 400), new() { BudgetId = 8, EffectiveFrom = new DateOnly(2026, 10, 1), AmountMicros = 1 }];

        BudgetStatus.EffectiveAmount(budget, Period.Month(2026, 8), changes, new Dictionary<DateOnly, long>()).ShouldBeNull("before the first period");
        budget.BaseAmountFor(Period.Month(2026, 9), changes).ShouldBe(309 * D);
        budget.BaseAmountFor(Period.Month(2026, 11), changes).ShouldBe(309 * D, "the past keeps its amount");
        budget.BaseAmountFor(Period.Month(2026, 12), changes).ShouldBe(400 * D);
        budget.BaseAmountFor(Period.Month(2027, 6), changes).ShouldBe(400 * D);
        new Budget { BaseAmountMicros = 50 * D }.BaseAmountFor(Period.Month(2001, 1), []).ShouldBe(50 * D, "a budget from before history covers every period");
    }

    [Fact]
    public void A_zero_budget_with_spend_is_fully_used() => Status(0, 5).Used.ShouldBe(1m);

    private static BudgetSnapshot Snapshot(params BudgetStatus[] statuses)
    {
        var snapshot = new BudgetSnapshot();
        snapshot.Replace(DateTime.UtcNow,
        [
            new OrgUnit { Id = 1, Code = "org", Name = "Org" },
            new OrgUnit { Id = 2, ParentId = 1, Code = "eng", Name = "Engineering" },
            new OrgUnit { Id = 3, ParentId = 2, Code = "search", Name = "Search" },
        ], statuses);
        return snapshot;
    }

    [Fact]
    public void The_check_allows_a_unit_with_headroom()
    {
        var check = Snapshot(Status(100, 40, hard: true, unit: 3)).Check("SEARCH")!;
        check.Allowed.ShouldBeTrue();
        check.Own!.RemainingMicros.ShouldBe(60 * D);
    }

    [Fact]
    public void The_check_denies_a_unit_whose_hard_limited_budget_is_exhausted()
    {
        var check = Snapshot(Status(100, 100, hard: true, unit: 3)).Check("search")!;
        check.Allowed.ShouldBeFalse();
        check.Blocking!.OrgUnitId.ShouldBe(3);
    }

    [Fact]
    public void The_check_denies_a_unit_whose_ancestor_is_exhausted()
    {
        var check = Snapshot(Status(100, 10, unit: 3, id: 1), Status(1_000, 1_200, hard: true, unit: 1, id: 2)).Check("search")!;
        check.Allowed.ShouldBeFalse();
        check.Blocking!.OrgUnitId.ShouldBe(1);
        check.Own!.BudgetId.ShouldBe(1);
    }

    [Fact]
    public void An_exhausted_budget_without_a_hard_limit_only_warns()
    {
        Snapshot(Status(100, 150, hard: false, unit: 3)).Check("search")!.Allowed.ShouldBeTrue();
    }

    [Fact]
    public void An_unknown_unit_has_no_answer() => Snapshot().Check("nowhere").ShouldBeNull();
}
