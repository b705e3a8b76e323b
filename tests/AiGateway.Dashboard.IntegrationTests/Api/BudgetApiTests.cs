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

    [Fact]
    public async Task Only_Finance_and_Admin_see_the_budget_actions_and_a_Manager_sees_only_their_subtree()
    {
        var ct = TestContext.Current.CancellationToken;
        using var reader = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var budgets = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", ct)).RootElement.EnumerateArray().ToList();
        int IdOf(string code) => budgets.Single(b => b.GetProperty("orgUnit").GetString() == code).GetProperty("budgetId").GetInt32();
        var search = IdOf("search");
        var corporate = IdOf("corporate-it");

        foreach (var persona in new[] { "finance", "admin" })
        {
            using var client = dashboard.Factory.CreateRealClient();
            await SignIn.AsAsync(client, persona);
            var list = await client.GetStringAsync("budgets", ct);
            list.ShouldContain("data-testid=\"budget-new\"");
            list.ShouldContain("data-testid=\"budget-import\"");
            (await client.GetStringAsync($"budgets/{search}", ct)).ShouldContain("data-testid=\"budget-edit\"");
        }

        foreach (var persona in new[] { "viewer", "teamlead", "manager" })
        {
            using var client = dashboard.Factory.CreateRealClient();
            await SignIn.AsAsync(client, persona);
            var list = await client.GetStringAsync("budgets", ct);
            list.ShouldNotContain("budget-new", customMessage: persona);
            list.ShouldNotContain("budget-import", customMessage: persona);
        }

        // The Manager owns Product Engineering: Search (below it) is visible without edit actions; Corporate IT is not.
        using var manager = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(manager, "manager");
        var own = await manager.GetStringAsync($"budgets/{search}", ct);
        own.ShouldContain("data-testid=\"budget-title\"");
        own.ShouldNotContain("budget-edit");
        own.ShouldNotContain("budget-delete");
        var other = await manager.GetStringAsync($"budgets/{corporate}", ct);
        other.ShouldContain("data-testid=\"budget-missing\"");
        other.ShouldNotContain("Corporate IT");
        var visible = JsonDocument.Parse(await manager.GetStringAsync("api/v1/budgets", ct)).RootElement.EnumerateArray()
            .Select(b => b.GetProperty("orgUnit").GetString()).ToList();
        visible.ShouldContain("search");
        visible.ShouldNotContain("corporate-it");
        visible.ShouldNotContain("contoso");

        // The viewer's own budget page shows figures but no edit actions.
        using var viewer = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(viewer, "viewer");
        var viewerPage = await viewer.GetStringAsync($"budgets/{search}", ct);
        viewerPage.ShouldContain("data-testid=\"budget-title\"");
        viewerPage.ShouldNotContain("budget-edit");
        viewerPage.ShouldNotContain("budget-delete");
    }
}
