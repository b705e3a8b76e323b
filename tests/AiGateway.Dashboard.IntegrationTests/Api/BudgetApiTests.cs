using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>The demo budgets, evaluated at start: Search's hard-limited budget is sized below its run-rate.</summary>
public class BudgetApiTests(SharedDashboard dashboard)
{
    [Fact]
    public async Task Budget_states_are_listed_for_the_callers_scope()
    {
        using var finance = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var all = JsonDocument.Parse(await finance.GetStringAsync("api/v1/budgets", TestContext.Current.CancellationToken)).RootElement.EnumerateArray().ToList();
        all.Count.ShouldBe(7);
        all.Select(b => b.GetProperty("state").GetString()).Distinct().Count().ShouldBeGreaterThan(1); // the demo shows more than one state

        using var lead = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(lead, "teamlead");
        var mine = JsonDocument.Parse(await lead.GetStringAsync("api/v1/budgets", TestContext.Current.CancellationToken)).RootElement.EnumerateArray().ToList();
        mine.Count.ShouldBe(1); // Support Automation's own budget only
    }

    [Fact]
    public async Task The_budget_check_answers_from_the_evaluated_budgets()
    {
        using var finance = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var budgets = JsonDocument.Parse(await finance.GetStringAsync("api/v1/budgets", TestContext.Current.CancellationToken)).RootElement.EnumerateArray().ToList();
        var search = budgets.Single(b => b.GetProperty("hardLimit").GetBoolean());
        var exhausted = search.GetProperty("actual").GetDecimal() >= search.GetProperty("budget").GetDecimal();
        using var gateway = dashboard.Factory.CreateRealClient(DashboardFactory.CheckKey);

        var check = JsonDocument.Parse(await gateway.GetStringAsync("api/v1/budgets/check?orgUnit=search", TestContext.Current.CancellationToken)).RootElement;
        check.GetProperty("allowed").GetBoolean().ShouldBe(!exhausted);
        check.GetProperty("hardLimit").GetBoolean().ShouldBeTrue();
        check.GetProperty("budget").GetDecimal().ShouldBe(search.GetProperty("budget").GetDecimal());
        check.GetProperty("remaining").GetDecimal().ShouldBe(search.GetProperty("budget").GetDecimal() - search.GetProperty("actual").GetDecimal());

        // A project below Search inherits the denial; one below a unit without a hard limit may spend.
        var child = JsonDocument.Parse(await gateway.GetStringAsync("api/v1/budgets/check?orgUnit=search-ranking", TestContext.Current.CancellationToken)).RootElement;
        child.GetProperty("allowed").GetBoolean().ShouldBe(!exhausted);
        JsonDocument.Parse(await gateway.GetStringAsync("api/v1/budgets/check?orgUnit=support-bot", TestContext.Current.CancellationToken)).RootElement
            .GetProperty("allowed").GetBoolean().ShouldBeTrue();

        var unknown = await gateway.GetAsync("api/v1/budgets/check?orgUnit=nowhere", TestContext.Current.CancellationToken);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await gateway.GetAsync("api/v1/budgets/check", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_budget_check_needs_its_scope_and_names_unknown_units()
    {
        using var reader = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        (await reader.GetAsync("api/v1/budgets/check?orgUnit=search", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var gateway = dashboard.Factory.CreateRealClient(DashboardFactory.UsageKey);
        (await gateway.GetAsync("api/v1/budgets/check?orgUnit=search", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
