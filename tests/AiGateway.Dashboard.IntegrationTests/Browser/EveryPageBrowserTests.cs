using AiGateway.Dashboard.IntegrationTests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// Every persona's pages at phone (390×844), tablet (768×1024) and small-desktop (1024×768) sizes: no critical or serious
/// axe violation, the page never scrolls sideways (wide tables scroll inside their own region), and the primary
/// navigation and the sign-out stay reachable.
/// </summary>
public class EveryPageBrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    /// <summary>The pages each persona uses; "{budget}" is the first budget its Budgets page links to.</summary>
    private static readonly Dictionary<string, string[]> PagesOf = new()
    {
        ["viewer"] = ["", "explore", "units", "units/search", "budgets", "{budget}", "notifications"],
        ["teamlead"] = ["", "budgets", "{budget}", "approvals"],
        ["manager"] = ["?all=true", "approvals", "reconciliation", "units/product-engineering"],
        ["finance"] = ["", "explore", "reports", "reconciliation", "books", "prices", "fx", "budgets"],
        ["admin"] = ["connections", "admin", "admin/deliveries", "admin/api-keys", "prices"],
    };

    [Theory]
    [InlineData(390, 844)]
    [InlineData(768, 1024)]
    [InlineData(1024, 768)]
    public async Task Every_page_is_accessible_and_fits_the_screen(int width, int height)
    {
        var found = new List<string>();
        foreach (var (persona, pages) in PagesOf)
        {
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = dashboard.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
            context.SetDefaultTimeout(45_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("signin");
            await page.Locator($"[data-testid=persona-{persona}]").WaitForAsync();
            if (persona == "viewer") found.AddRange(await ProblemsAsync(page, "sign-in", width));
            await page.ClickAsync($"[data-testid=persona-{persona}]");
            await page.WaitForURLAsync(url => !url.Contains("signin"));
            foreach (var path in pages)
            {
                var target = path == "{budget}" ? await FirstBudgetAsync(page) : path;
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await page.GotoAsync(target);
                await Circuit.LiveAsync(page);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                // For the record (not a check): how long the page took to be usable, on whatever machine runs the suite.
                TestContext.Current.TestOutputHelper?.WriteLine($"page-time {persona} /{target} @{width}px: {watch.ElapsedMilliseconds} ms");
                found.AddRange(await ProblemsAsync(page, $"{persona} /{target}", width));
                if (Environment.GetEnvironmentVariable("AIGW_SCREENSHOTS") is { Length: > 0 } folder)
                    await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{persona}-{target.Replace('/', '_').Replace('?', '_')}-{width}.png"), FullPage = false });
            }
            await context.CloseAsync();
        }
        found.ShouldBeEmpty(string.Join("\n", found));
    }

    /// <summary>Each dialog, opened as its persona would open it: axe finds nothing critical or serious inside it either.</summary>
    [Fact]
    public async Task Every_dialog_is_accessible()
    {
        var found = new List<string>();
        async Task CheckDialogsAsync(string persona, params (string Page, string Opener)[] dialogs)
        {
            var page = await browser.SignedInAsync(dashboard.BaseAddress, persona);
            foreach (var (path, opener) in dialogs)
            {
                await page.GotoAsync(path);
                await Circuit.LiveAsync(page);
                await page.Locator(opener).First.ClickAsync();
                await page.Locator(".mud-dialog").WaitForAsync();
                found.AddRange((await ProblemsAsync(page, $"{persona} /{path} dialog {opener}", 1024)).Where(p => !p.Contains("Sign out", StringComparison.Ordinal)));
                await page.Keyboard.PressAsync("Escape");
                await page.Locator(".mud-dialog").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            }
            await page.Context.CloseAsync();
        }

        await CheckDialogsAsync("finance", ("budgets", "[data-testid=budget-new]"), ("budgets", "[data-testid=budget-import]"));
        await CheckDialogsAsync("teamlead", ("budgets", "[data-testid=budget-row-request]"));
        await CheckDialogsAsync("manager", ("approvals", "[data-testid=request-approve]"));
        await CheckDialogsAsync("admin", ("connections", "[data-testid=add-connection]"), ("admin", "[data-testid=add-rule]"), ("admin", "[data-testid=add-unit]"));
        found.ShouldBeEmpty(string.Join("\n", found));
    }

    private static async Task<string> FirstBudgetAsync(IPage page)
    {
        await page.GotoAsync("budgets");
        var link = page.Locator("[data-testid=budget-unit] a").First;
        await link.WaitForAsync();
        return (await link.GetAttributeAsync("href")).ShouldNotBeNull();
    }

    /// <summary>The elements that reach furthest past the screen's right edge, with their parents (to find what to fix).</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
          const w = document.documentElement.clientWidth;
          const name = e => `${e.tagName.toLowerCase()}${e.classList.length ? '.' + [...e.classList].slice(0, 2).join('.') : ''}${e.dataset.testid ? '[' + e.dataset.testid + ']' : ''}`;
          const path = e => { const p = []; for (let x = e; x && x !== document.body && p.length < 4; x = x.parentElement) p.unshift(name(x)); return p.join(' > '); };
          const wide = [...document.body.querySelectorAll('*')].map(e => ({ e, r: e.getBoundingClientRect() })).filter(x => x.r.right > w + 1 && x.r.width > 0)
            .sort((a, b) => b.r.right - a.r.right);
          return wide.slice(0, 3).map(x => `${path(x.e)} (right ${Math.round(x.r.right)})`).join(' ; ');
        }
        """);

    /// <summary>What a person at this width trips over: axe's critical and serious findings, sideways scrolling, hidden sign-out.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page, string what, int width)
    {
        var problems = new List<string>();
        var axe = await page.RunAxe();
        problems.AddRange(axe.Violations.Where(v => v.Impact is "critical" or "serious")
            .Select(v => $"{what} @{width}px: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html[..Math.Min(160, n.Html.Length)]))}"));
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0) problems.Add($"{what} @{width}px: the page scrolls sideways by {overflow} px, past the edge: {await WidestAsync(page)}");
        if (width < 600)
        {
            // On a phone a table's rows become cards: every value keeps its column's name.
            var unlabelled = await page.EvaluateAsync<int>("""
                () => [...document.querySelectorAll('.mud-table:not(.mud-simple-table) tbody td.mud-table-cell')].filter(td => !td.getAttribute('data-label') && td.textContent.trim() && td.colSpan < 2).length
                """);
            if (unlabelled > 0) problems.Add($"{what} @{width}px: {unlabelled} table cell(s) shown as a card without their column's name");
        }
        var signOut = page.Locator("[data-testid=sign-out]");
        if (await signOut.CountAsync() > 0)
        {
            var box = await signOut.BoundingBoxAsync();
            if (box is null || box.X < 0 || box.X + box.Width > width) problems.Add($"{what} @{width}px: Sign out is off-screen");
        }
        return problems;
    }
}
