using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>The pages work under the Content-Security-Policy, and a viewer never sees a parent budget's figures.</summary>
public class SecurityBrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    private async Task<(IPage Page, List<string> Violations)> SignedInAsync(string persona)
    {
        var page = await browser.NewPageAsync(dashboard.BaseAddress);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Content-Security-Policy", StringComparison.OrdinalIgnoreCase))
                lock (violations) violations.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (violations) violations.Add("page error: " + error); };
        await page.GotoAsync("");
        await page.ClickAsync($"[data-testid=persona-{persona}]");
        return (page, violations);
    }

    [Fact]
    public async Task Every_main_page_runs_interactively_without_a_policy_violation()
    {
        var (page, violations) = await SignedInAsync("admin");
        foreach (var path in new[] { "", "explore", "budgets", "units", "approvals", "reports", "connections", "admin", "notifications" })
        {
            await page.GotoAsync(path);
            await Circuit.LiveAsync(page);
            // A click handled by the circuit proves the scripts and the WebSocket run under the policy.
            await page.ClickAsync("[data-testid=theme-toggle]");
        }
        lock (violations) violations.ShouldBeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_that_a_parent_budget_limits_her_unit_but_not_its_figures()
    {
        var (page, _) = await SignedInAsync("viewer");
        await page.GotoAsync("budgets");
        await Circuit.LiveAsync(page);
        var limited = page.Locator("[data-testid=parent-limited]");
        await limited.First.WaitForAsync();
        (await limited.First.InnerTextAsync()).ShouldBe("limited by the parent's budget");

        await page.Locator("[data-testid=budget-unit] a").First.ClickAsync();
        var parent = page.Locator("[data-testid=kpi-parent]");
        await parent.WaitForAsync();
        var text = await parent.InnerTextAsync();
        text.ShouldContain("limited by the parent's budget");
        text.ShouldNotContain("$");
        text.ShouldNotContain("Product Engineering");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_who_may_see_the_parent_sees_its_headroom()
    {
        var (page, _) = await SignedInAsync("manager");
        await page.GotoAsync("budgets");
        await Circuit.LiveAsync(page);
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=budget-unit]", new() { HasText = "Search" }) });
        await row.First.WaitForAsync();
        (await row.First.InnerTextAsync()).ShouldNotContain("limited by the parent's budget");
        await page.Context.CloseAsync();
    }
}
