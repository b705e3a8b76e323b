using AiGateway.Dashboard.IntegrationTests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// axe-core in Chromium on the pages this wave touched (the error and status page, sign-in, budgets with a hidden
/// parent, an org unit's outcomes) at phone and desktop widths: no critical or serious violation.
/// </summary>
public class AccessibilityBrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1400, 1000)]
    public async Task The_pages_of_this_wave_have_no_critical_or_serious_axe_violation(int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = dashboard.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(45_000);
        var page = await context.NewPageAsync();
        var found = new List<string>();
        async Task CheckAsync(string what)
        {
            var result = await page.RunAxe();
            found.AddRange(result.Violations.Where(v => v.Impact is "critical" or "serious").Select(v => $"{what} @{width}px: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Html + " " + string.Join(";", n.Any.Select(c => c.Message))))}"));
        }

        await page.GotoAsync("status/404");
        await page.Locator("[data-testid=status-page]").WaitForAsync();
        await CheckAsync("not-found page");
        await page.GotoAsync("signin");
        await page.Locator("[data-testid=persona-viewer]").WaitForAsync();
        await CheckAsync("sign-in");
        await page.ClickAsync("[data-testid=persona-viewer]");
        await page.GotoAsync("budgets");
        await Circuit.LiveAsync(page);
        await page.Locator("[data-testid=parent-limited]").First.WaitForAsync();
        await CheckAsync("budgets (parent hidden)");
        await page.GotoAsync("units/search");
        await Circuit.LiveAsync(page);
        await page.Locator("[data-testid=unit-outcomes]").WaitForAsync();
        await CheckAsync("org unit");

        found.ShouldBeEmpty();
        await context.CloseAsync();
    }
}
