using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// The keyboard path (skip link first, visible focus on every control, Escape closes a dialog) and the person's
/// preferences (dark mode follows the operating system until chosen, then is remembered across reloads); no request
/// of a page load answers 404 (the favicon).
/// </summary>
public class KeyboardAndPreferencesBrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    private async Task<IPage> SignedInAsync(string persona, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = dashboard.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, ColorScheme = scheme,
        });
        context.SetDefaultTimeout(45_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("signin");
        await page.ClickAsync($"[data-testid=persona-{persona}]");
        await page.WaitForURLAsync(url => !url.Contains("signin"));
        return page;
    }

    [Fact]
    public async Task The_skip_link_comes_first_and_is_visible_and_every_control_shows_its_focus()
    {
        var page = await SignedInAsync("finance");
        await page.GotoAsync("budgets");
        await Circuit.LiveAsync(page);
        await page.Locator("[data-testid=budgets-table]").WaitForAsync();

        // Blazor moves focus to the page's heading after a navigation; the skip link comes first of all, before the app bar.
        await page.Locator("[data-testid=nav-toggle]").FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.dataset.testid")).ShouldBe("skip-link");
        var box = (await page.Locator("[data-testid=skip-link]").BoundingBoxAsync()).ShouldNotBeNull();
        box.Y.ShouldBeGreaterThanOrEqualTo(0, "the focused skip link is on screen");
        await page.Keyboard.PressAsync("Enter");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("main-content");

        // The next controls in order (the page's own buttons, fields and links): each draws a visible outline.
        var unseen = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<string[]>("""
                () => { const e = document.activeElement, s = getComputedStyle(e);
                        return [e.outerHTML.slice(0, 120), s.outlineStyle, s.outlineWidth, s.boxShadow]; }
                """);
            var visible = focus[1] != "none" && focus[2] != "0px" || focus[3] != "none";
            if (!visible) unseen.Add(focus[0]);
        }
        unseen.ShouldBeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Escape_closes_the_new_budget_dialog()
    {
        var page = await SignedInAsync("finance");
        await page.GotoAsync("budgets");
        await Circuit.LiveAsync(page);
        await page.ClickAsync("[data-testid=budget-new]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.WaitForAsync();
        // The dialog listens for Escape once its keyboard handler is registered, a moment after it shows (longer under load):
        // a key pressed before that is lost, as it would be for a person, so the key is pressed again until the dialog goes.
        for (var attempt = 0; attempt < 20 && await dialog.CountAsync() > 0; attempt++)
        {
            await page.Keyboard.PressAsync("Escape");
            try { await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 1_000 }); }
            catch (TimeoutException) { }
        }
        (await dialog.CountAsync()).ShouldBe(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_until_chosen_then_is_remembered_and_no_request_answers_404()
    {
        var page = await SignedInAsync("viewer", ColorScheme.Dark);
        var missing = new List<string>();
        page.Response += (_, r) => { if (r.Status == 404) missing.Add(r.Url); };
        await page.GotoAsync("");
        await Circuit.LiveAsync(page);
        var toggle = page.Locator("[data-testid=theme-toggle]");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true"); // the OS says dark
        (await BackgroundLightnessAsync(page)).ShouldBeLessThan(0.3);

        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await page.ReloadAsync();
        await Circuit.LiveAsync(page);
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false"); // the person's choice wins over the OS
        (await BackgroundLightnessAsync(page)).ShouldBeGreaterThan(0.7);
        missing.ShouldBeEmpty();
        (await page.APIRequest.GetAsync("favicon.svg")).Status.ShouldBe(200);
        await page.Context.CloseAsync();
    }

    /// <summary>The page background's lightness, 0 (black) to 1 (white).</summary>
    private static Task<double> BackgroundLightnessAsync(IPage page) => page.EvaluateAsync<double>("""
        () => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
                return (Math.max(r, g, b) + Math.min(r, g, b)) / 510; }
        """);
}
