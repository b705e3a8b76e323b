using System.Globalization;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>The UI in Debian's Chromium, signed in through the real demo sign-in page.</summary>
public class BrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    private async Task<IPage> SignedInAsync(string persona, string path = "")
    {
        var page = await browser.NewPageAsync(dashboard.BaseAddress);
        await page.GotoAsync(path);
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
        await page.ClickAsync($"[data-testid=persona-{persona}]");
        return page;
    }

    [Fact]
    public async Task Finance_sees_a_non_zero_month_to_date_figure_and_a_rendered_chart()
    {
        var page = await SignedInAsync("finance");

        var mtd = page.Locator("[data-testid=kpi-mtd] .kpi-value");
        await mtd.WaitForAsync();
        var text = await mtd.InnerTextAsync();
        text.ShouldStartWith("$");
        decimal.Parse(text.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture).ShouldBeGreaterThan(0m);

        // The stacked bar chart is an SVG with one bar segment per provider and day.
        var chart = page.Locator("[data-testid=daily-chart] svg");
        await chart.First.WaitForAsync();
        // The chart measures its card before it draws (it fills the card's width): wait for the bars.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=daily-chart] svg rect, [data-testid=daily-chart] svg path').length > 30");
        var bars = await page.Locator("[data-testid=daily-chart] svg rect, [data-testid=daily-chart] svg path").CountAsync();
        bars.ShouldBeGreaterThan(30);
        (await page.Locator("[data-testid=top-models] tbody tr").CountAsync()).ShouldBe(5);
        (await page.Locator("[data-testid=user-role]").InnerTextAsync()).ShouldBe("Finance");
        (await page.Locator("text=Simulated demo billing").CountAsync()).ShouldBeGreaterThan(0);

        // Finance has no admin entries in the navigation.
        (await page.Locator("a[href='admin']").CountAsync()).ShouldBe(0);
        Directory.CreateDirectory("artifacts");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine("artifacts", "overview-finance.png"), FullPage = true });
    }

    [Fact]
    public async Task A_viewer_is_refused_the_admin_page()
    {
        var page = await SignedInAsync("viewer", "admin");

        await page.WaitForURLAsync(url => url.Contains("/access-denied", StringComparison.Ordinal));
        (await page.Locator("[data-testid=access-denied]").InnerTextAsync()).ShouldContain("Access denied");
        (await page.Locator("[data-testid=org-tree]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_viewer_navigating_inside_the_app_is_refused_the_admin_page_too()
    {
        var page = await SignedInAsync("viewer");
        await Circuit.LiveAsync(page);

        // Client-side navigation on the live circuit, not a fresh request.
        await page.EvaluateAsync("() => Blazor.navigateTo('/admin')");

        await page.Locator("[data-testid=access-denied]").WaitForAsync();
        (await page.Locator("[data-testid=org-tree]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_admin_sees_the_org_tree_and_the_sync_history()
    {
        var page = await SignedInAsync("admin", "admin");
        await page.Locator("[data-testid=org-tree]").WaitForAsync();
        (await page.Locator("[data-testid=org-tree]").InnerTextAsync()).ShouldContain("Product Engineering");
        await Circuit.LiveAsync(page);

        await page.EvaluateAsync("() => Blazor.navigateTo('/connections')");
        var history = page.Locator("[data-testid=sync-history] tbody tr");
        await history.First.WaitForAsync();
        (await history.First.InnerTextAsync()).ShouldContain("Succeeded");
    }

    [Fact]
    public async Task A_manager_lands_on_their_unit_with_forecast_children_and_cost_per_outcome()
    {
        var page = await SignedInAsync("manager");
        await page.WaitForFunctionAsync("() => location.pathname === '/units/product-engineering'");
        // The circuit's first render loads the unit again (a loading bar in place of the prerendered page): read once it has.
        await Circuit.LiveAsync(page);
        (await page.Locator("[data-testid=unit-name]").InnerTextAsync()).ShouldBe("Product Engineering");
        // The landing page says where the unit's budget stands and what waits for her decision.
        (await page.Locator("[data-testid=unit-budget]").First.InnerTextAsync()).ShouldContain(" of $");
        (await page.Locator("[data-testid=unit-budget-state]").First.InnerTextAsync()).ShouldBeOneOf("On track", "At risk", "Over", "Too early to tell");
        (await page.Locator("[data-testid=unit-waiting]").InnerTextAsync()).ShouldContain("waiting for you", Case.Insensitive);
        var forecast = await page.Locator("[data-testid=unit-forecast]").InnerTextAsync();
        var explanation = await page.Locator("[data-testid=forecast-explanation]").InnerTextAsync();
        // Forecasts need three complete days: today, still running, does not count (by the app's own clock).
        if (dashboard.Factory.Today.Day - 1 >= AiGateway.Dashboard.Domain.Forecast.MinimumDays)
        {
            forecast.ShouldContain("$");
            explanation.ShouldContain("per weekday");
        }
        else
        {
            explanation.ShouldContain("No forecast before 3 complete days");
        }
        await Assertions.Expect(page.Locator("[data-testid=unit-children] tbody tr")).ToHaveCountAsync(3);
        // The chart draws after the tables: wait for it rather than count at once.
        await Assertions.Expect(page.Locator("[data-testid=unit-trend] svg").First).ToBeAttachedAsync();
        Directory.CreateDirectory("artifacts");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine("artifacts", "unit-manager.png"), FullPage = true });

        await page.Locator("[data-testid=unit-children] a", new() { HasText = "Support Automation" }).ClickAsync();
        await page.WaitForFunctionAsync("() => location.pathname === '/units/support-automation'");
        await page.Locator("[data-testid=outcome-summary]").WaitForAsync();
        (await page.Locator("[data-testid=outcome-summary]").InnerTextAsync()).ShouldContain("per ticket");
    }

    [Fact]
    public async Task A_viewer_sees_an_overview_of_their_own_units_only()
    {
        var page = await SignedInAsync("viewer");
        await Circuit.LiveAsync(page);
        await page.Locator("[data-testid=kpi-scope]").WaitForAsync();
        (await page.Locator("[data-testid=kpi-scope]").InnerTextAsync()).ShouldContain("Search");
        (await page.Locator("[data-testid=kpi-unallocated]").CountAsync()).ShouldBe(0);
        var projects = await Poll.TextsAsync(page.Locator("[data-testid=top-projects] tbody tr"), p => p.Count > 0);
        projects.ShouldNotBeEmpty();
        projects.ShouldAllBe(p => p.Contains("Search"));

        await page.GotoAsync("units/support-automation");
        await page.Locator("[data-testid=unit-unavailable]").WaitForAsync();
    }

    [Fact]
    public async Task Finance_sees_every_budget_with_its_state_and_a_viewer_only_their_own()
    {
        var page = await SignedInAsync("finance", "budgets");
        await Circuit.LiveAsync(page);
        var rows = page.Locator("[data-testid=budgets-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(7);
        var states = await page.Locator("[data-testid=budget-state]").AllInnerTextsAsync();
        states.ShouldAllBe(s => s == "On track" || s == "At risk" || s == "Over" || s == "Too early to tell");
        states.ShouldContain("Over");
        if (dashboard.Factory.Today.Day - 1 >= AiGateway.Dashboard.Domain.Forecast.MinimumDays)
        {
            // The demo budgets are sized so that every state shows once monthly forecasts exist.
            states.ShouldContain("At risk");
            states.ShouldContain("On track");
        }
        else
        {
            states.ShouldContain("Too early to tell", "fewer than three complete days: no monthly forecast, so neither on track nor at risk");
        }
        Directory.CreateDirectory("artifacts");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine("artifacts", "budgets-finance.png"), FullPage = true });

        var viewer = await SignedInAsync("viewer", "budgets");
        await Circuit.LiveAsync(viewer);
        var mine = viewer.Locator("[data-testid=budgets-table] tbody tr");
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        (await mine.First.InnerTextAsync()).ShouldContain("Search");
    }

    [Fact]
    public async Task The_theme_toggle_switches_to_dark_mode()
    {
        var page = await SignedInAsync("teamlead");
        await Circuit.LiveAsync(page);
        var before = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForFunctionAsync("b => getComputedStyle(document.body).backgroundColor !== b", before);
    }

    [Fact]
    public async Task Signing_out_returns_to_the_sign_in_page()
    {
        var page = await SignedInAsync("manager");
        await page.Locator("[data-testid=unit-name]").WaitForAsync(); // managers land on their own unit
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
        await page.GotoAsync("");
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
    }
}
