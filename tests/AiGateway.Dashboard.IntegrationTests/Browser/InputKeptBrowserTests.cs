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
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
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
}
