using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Tests.Support;

namespace AiGateway.Dashboard.Tests.Budgets;

/// <summary>Alert firing over a real synced database: once per budget and period, even when evaluations race.</summary>
public class BudgetAlertTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_highest_threshold_reached_fires_once_however_often_budgets_are_evaluated()
    {
        await using var h = await BudgetHarness.CreateAsync();
        var budgetId = await h.SearchBudgetAtAsync(85m, forecastAlert: false);
        for (var i = 0; i < 5; i++) await h.Evaluator.EvaluateAsync(Ct);

        var alerts = await h.AlertsAsync();
        alerts.Where(a => a.Kind != AlertKind.Anomaly).Select(a => (a.Kind, a.Key)).ShouldBe([(AlertKind.Threshold, "80")]);
        var alert = alerts.Single(a => a.Kind == AlertKind.Threshold);
        alert.BudgetId.ShouldBe(budgetId);
        alert.PeriodStart.ShouldBe(new DateOnly(2026, 11, 1));
        alert.Title.ShouldBe("Search: 80 % of the 2026-11 budget used");
        alert.ActualMicros.ShouldBe(await h.MonthToDateMicrosAsync(h.SearchId));

        // One in-app notification per recipient per alert: the Search owner and Finance.
        var notes = (await h.NotificationsAsync()).Where(n => n.Kind == "budget.threshold").ToList();
        notes.Select(n => n.UserEmail).Order().ShouldBe([BudgetHarness.FinanceEmail, BudgetHarness.OwnerEmail]);
        notes.ShouldAllBe(n => n.Link == $"budgets/{budgetId}" && n.ReadUtc == null);
    }

    [Fact]
    public async Task Two_evaluators_racing_on_one_database_fire_each_alert_once()
    {
        await using var h = await BudgetHarness.CreateAsync();
        await h.SearchBudgetAtAsync(120m, thresholds: "50,80,100");
        // The save above evaluated already; clear what it fired so that the race starts from nothing.
        await h.Sync.Db.ExecuteAsync("DELETE FROM \"Notifications\"; DELETE FROM \"AlertEvents\";");

        var evaluators = Enumerable.Range(0, 4).Select(_ => h.NewEvaluator()).ToList();
        await Task.WhenAll(evaluators.SelectMany(e => Enumerable.Range(0, 3).Select(_ => Task.Run(() => e.EvaluateAsync(Ct), Ct))));

        var alerts = (await h.AlertsAsync()).Where(a => a.Kind != AlertKind.Anomaly).ToList();
        alerts.Select(a => (a.Kind, a.Key)).ShouldBe([(AlertKind.Threshold, "100")], "at 120 % the 100 % threshold fires, once; spend already over means no forecast alert");
        (await h.NotificationsAsync()).Count(n => n.Kind == "budget.threshold").ShouldBe(2);
    }

    [Fact]
    public async Task Moving_a_threshold_by_an_edit_does_not_fire_it_again()
    {
        await using var h = await BudgetHarness.CreateAsync();
        var budgetId = await h.SearchBudgetAtAsync(85m, forecastAlert: false);
        (await h.AlertsAsync()).Count(a => a.Kind == AlertKind.Threshold).ShouldBe(1);
        var amount = (await h.Evaluator.EvaluateAsync(Ct)).Single(s => s.BudgetId == budgetId).BudgetMicros;
        var input = new BudgetInput(budgetId, h.SearchId, PeriodKind.Monthly, Money.Reporting(amount).ToMajor(), ForecastAlert: false);

        // Down (80 → 75) and up but still under spend (80 → 84): neither is sent.
        await h.Service.SaveAsync(BudgetHarness.Finance, input with { Thresholds = "50,75,100" }, Ct);
        await h.Service.SaveAsync(BudgetHarness.Finance, input with { Thresholds = "50,84,100" }, Ct);
        for (var i = 0; i < 3; i++) await h.Evaluator.EvaluateAsync(Ct);

        var thresholds = (await h.AlertsAsync()).Where(a => a.Kind == AlertKind.Threshold).ToList();
        thresholds.Where(a => !a.Suppressed).Select(a => a.Key).ShouldBe(["80"]);
        thresholds.Single(a => a.Suppressed).Key.ShouldBe("84");
        (await h.NotificationsAsync()).Count(n => n.Kind == "budget.threshold").ShouldBe(2, "the one 80 % alert, to the owner and Finance");

        // A threshold spend has not reached yet still fires when it is reached: cut the budget so spend is above 100 %.
        await h.Service.SaveAsync(BudgetHarness.Finance, input with { Thresholds = "50,84,100", Amount = decimal.Round(Money.Reporting(amount).ToMajor() / 2, 2) }, Ct);
        (await h.AlertsAsync()).Where(a => a.Kind == AlertKind.Threshold && !a.Suppressed).Select(a => a.Key).ShouldBe(["80", "100"]);
    }

    [Fact]
    public async Task A_forecast_above_the_budget_fires_once_per_period()
    {
        await using var h = await BudgetHarness.CreateAsync();
        // 20 days into a 30-day month at 80 %: the forecast lands well above the budget.
        var budgetId = await h.SearchBudgetAtAsync(80m, thresholds: "100");
        for (var i = 0; i < 3; i++) await h.Evaluator.EvaluateAsync(Ct);
        var status = (await h.Evaluator.EvaluateAsync(Ct)).Single(s => s.BudgetId == budgetId);
        status.State.ShouldBe(BudgetState.AtRisk);

        var forecast = (await h.AlertsAsync()).Where(a => a.Kind == AlertKind.ForecastOver).ShouldHaveSingleItem();
        forecast.Key.ShouldBe("forecast");
        forecast.Message.ShouldContain("forecast to spend " + Money.Reporting(status.Forecast.ForecastMicros!.Value).Format());

        // Next month is a new period: the alert may fire again there, not before.
        h.Sync.Time.Advance(TimeSpan.FromDays(1));
        await h.Evaluator.EvaluateAsync(Ct);
        (await h.AlertsAsync()).Count(a => a.Kind == AlertKind.ForecastOver).ShouldBe(1);
    }

    [Fact]
    public async Task A_budget_with_the_forecast_alert_off_stays_quiet_about_the_forecast()
    {
        await using var h = await BudgetHarness.CreateAsync();
        await h.SearchBudgetAtAsync(80m, thresholds: "100", forecastAlert: false);
        await h.Evaluator.EvaluateAsync(Ct);
        (await h.AlertsAsync()).ShouldNotContain(a => a.Kind == AlertKind.ForecastOver);
    }
}
