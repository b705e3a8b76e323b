using System.Text.RegularExpressions;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// What a person typed survives a lost connection: the branded banner says what is happening, the dialog and its
/// text stay, and the page carries on when the server answers again; a one-shot <c>?ask=true</c> is cleared after use;
/// a validation error goes as soon as it is satisfied.
/// </summary>
public class InputKeptBrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    [Fact]
    public async Task A_lost_connection_shows_the_banner_and_keeps_the_typed_request()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = dashboard.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout(45_000);
        var page = await context.NewPageAsync();
        // The circuit's connection runs through a proxy the test can cut, as a network drop or a server restart would.
        var down = false;
        IWebSocketRoute? live = null;
        await page.RouteWebSocketAsync(new Regex("/_blazor"), ws =>
        {
            if (down) { _ = ws.CloseAsync(); return; }
            ws.ConnectToServer();
            live = ws;
        });
        await page.RouteAsync(new Regex("/_blazor"), route => down ? route.AbortAsync() : route.ContinueAsync());

        await page.GotoAsync("signin");
        await page.ClickAsync("[data-testid=persona-teamlead]");
        await page.WaitForURLAsync(url => !url.Contains("signin"));
        await page.GotoAsync("budgets");
        await Circuit.LiveAsync(page);
        await page.Locator("[data-testid=budget-row-request]").First.ClickAsync();
        var dialog = page.Locator("[data-testid=request-dialog]");
        await dialog.WaitForAsync();
        page.Url.ShouldNotContain("ask=true", Case.Insensitive, "the one-shot parameter is cleared once the dialog is open");

        var justification = page.Locator("[data-testid=request-justification]").Locator("xpath=descendant-or-self::textarea");
        await page.Locator("[data-testid=request-amount]").Locator("xpath=descendant-or-self::input").FillAsync("500");
        await page.ClickAsync("[data-testid=request-submit]");
        await Assertions.Expect(dialog).ToContainTextAsync("Say why the money is needed.");
        const string typed = "Peak season: the support bot answers twice the usual tickets.";
        await justification.FillAsync(typed);
        await Assertions.Expect(dialog).Not.ToContainTextAsync("Say why the money is needed.");

        down = true;
        await live.ShouldNotBeNull().CloseAsync();
        var banner = page.Locator("[data-testid=reconnect-banner]");
        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToContainTextAsync("Connection to the server lost");
        (await justification.InputValueAsync()).ShouldBe(typed);

        down = false;
        await Assertions.Expect(banner).ToBeHiddenAsync(new() { Timeout = 60_000 });
        (await justification.InputValueAsync()).ShouldBe(typed);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task Bad_dates_are_said_on_the_page_and_the_view_stays()
    {
        var page = await browser.SignedInAsync(dashboard.BaseAddress, "finance");

        // Reports: the export API's own rule, said before the download; the links are off until the dates are right.
        await page.GotoAsync("reports");
        await Circuit.LiveAsync(page);
        var from = page.Locator("[data-testid=export-from]").Locator("xpath=descendant-or-self::input");
        var to = page.Locator("[data-testid=export-to]").Locator("xpath=descendant-or-self::input");
        var error = page.Locator("[data-testid=export-range-error]");
        foreach (var (f, t, said) in new[]
                 {
                     ("2026-13-01", "2026-12-31", "is not a date"),
                     ("2025-03-10", "2025-03-01", "is before From"),
                     ("2024-01-01", "2025-06-30", "more than one export holds"),
                 })
        {
            await from.FillAsync(f);
            await to.FillAsync(t);
            await Assertions.Expect(error).ToContainTextAsync(said);
            (await page.Locator("a[data-testid=export-csv]").CountAsync()).ShouldBe(0, $"no download link for {f}..{t}");
            await Assertions.Expect(page.Locator("button[data-testid=export-csv]")).ToBeDisabledAsync();
        }
        await from.FillAsync("2025-03-01");
        await to.FillAsync("2025-03-31");
        await Assertions.Expect(error).ToHaveCountAsync(0);
        // Waits for the circuit: with From filled, the range is already valid (to the old To) before To's change arrives.
        await Assertions.Expect(page.Locator("a[data-testid=export-csv]")).ToHaveAttributeAsync("href", "api/v1/exports/detail?from=2025-03-01&to=2025-03-31&format=csv");

        // Explore: a reversed custom range is refused in words and the view stays on the range it showed.
        await page.GotoAsync("explore?range=custom&from=2025-01-01&to=2025-01-31");
        await Circuit.LiveAsync(page);
        await page.Locator("[data-testid=custom-from]").Locator("xpath=descendant-or-self::input").FillAsync("2025-02-20");
        await page.Locator("[data-testid=custom-to]").Locator("xpath=descendant-or-self::input").FillAsync("2025-02-10");
        await page.ClickAsync("[data-testid=apply-custom]");
        await Assertions.Expect(page.Locator("[data-testid=custom-error]")).ToContainTextAsync("To (2025-02-10) is before From (2025-02-20)");
        await Assertions.Expect(page.Locator("[data-testid=custom-error]")).ToContainTextAsync("still showing 2025-01-01 to 2025-01-31");
        page.Url.ShouldContain("from=2025-01-01");
        await page.Context.CloseAsync();
    }
}
