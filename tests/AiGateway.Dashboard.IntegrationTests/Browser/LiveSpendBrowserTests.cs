using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// Live spend as a newcomer sees it on the first run (issue 13 §8): the demo's simulated gateway posting through the real
/// endpoint, the estimated part ticking on the Overview, every reconciliation class, an accrual on Books, a model without
/// a price on Prices, an admin importing LiteLLM prices with a preview; axe at phone and desktop widths.
/// </summary>
public class LiveSpendBrowserTests(BrowserFixture browser)
{
    private static DashboardFactory Factory() => new(new Dictionary<string, string?> { ["Demo:Gateway"] = "true", ["Demo:GatewayIntervalSeconds"] = "3" })
    {
        Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 15, 14, 0, 0, TimeSpan.Zero)),
    };

    private static async Task<List<string>> AxeAsync(IPage page, string what)
    {
        // AIGW_SCREENSHOTS=<folder> keeps a picture of each page checked (for the README and for looking).
        if (Environment.GetEnvironmentVariable("AIGW_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, what.Replace(' ', '-').Replace("(", "").Replace(")", "") + ".png"), FullPage = false });
        var found = new List<string>();
        foreach (var (width, height) in new[] { (390, 844), (1400, 1000) })
        {
            await page.SetViewportSizeAsync(width, height);
            var result = await page.RunAxe();
            found.AddRange(result.Violations.Where(v => v.Impact is "critical" or "serious")
                .Select(v => $"{what} @{width}px: {v.Id} {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Html + " " + string.Join(";", n.Any.Select(c => c.Message))))}"));
        }
        await page.SetViewportSizeAsync(1400, 1000);
        return found;
    }

    [Fact]
    public async Task Finance_sees_live_estimates_every_reconciliation_class_and_an_accrual()
    {
        await using var factory = Factory();
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync("reconciliation");
        await page.ClickAsync("[data-testid=persona-finance]");
        await Circuit.LiveAsync(page);

        // The gateway's eight days back arrive within seconds of the start; the page reloads itself as they do.
        foreach (var c in new[] { "matched", "untracked", "overestimated", "underestimated", "unpriced", "notYetBilled" })
            await Assertions.Expect(page.Locator($"[data-testid=recon-row][data-class={c}]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=recon-row][data-class=untracked]").First).ToContainTextAsync("proj_hr_assistant");
        await Assertions.Expect(page.Locator("[data-testid=recon-row][data-class=unpriced]").First).ToContainTextAsync("proj_code_review");
        await Assertions.Expect(page.Locator("[data-testid=recon-billed-through]")).ToContainTextAsync("OpenAI 2026-12-14");
        var found = await AxeAsync(page, "reconciliation");

        // A bad range keeps the view and says why.
        await page.Locator("[data-testid=recon-from]").Locator("xpath=descendant-or-self::input").FillAsync("2026-12-20");
        await page.ClickAsync("[data-testid=recon-apply]");
        await Assertions.Expect(page.Locator("[data-testid=recon-error]")).ToContainTextAsync("is after To");
        await Assertions.Expect(page.Locator("[data-testid=recon-row]").First).ToBeVisibleAsync();

        // Overview: today is not billed yet, so today's spend so far is the gateway's estimate, and it ticks.
        await page.GotoAsync("?all=true");
        var mtd = page.Locator("[data-testid=kpi-mtd]");
        await Assertions.Expect(mtd).ToContainTextAsync("estimated from gateway usage, not yet billed");
        var live = page.Locator("[data-testid=live]");
        await Assertions.Expect(live).ToBeVisibleAsync();
        var before = await mtd.Locator(".kpi-value").InnerTextAsync();
        await Assertions.Expect(live).Not.ToHaveAttributeAsync("data-ticks", "0", new() { Timeout = 20_000 });
        await Assertions.Expect(mtd.Locator(".kpi-value")).Not.ToHaveTextAsync(before, new() { Timeout = 20_000 });
        found.AddRange(await AxeAsync(page, "overview (live)"));

        // Explore and a budget say the estimated part too.
        await page.GotoAsync("explore?range=thisMonth&groupBy=provider");
        await Assertions.Expect(page.Locator("[data-testid=explore-estimated]")).ToContainTextAsync("estimated from gateway usage");
        await page.GotoAsync("budgets");
        await Assertions.Expect(page.Locator("[data-testid=budget-estimated]").First).ToContainTextAsync("estimated");

        // Books: December accrues today's gateway usage per provider.
        await page.GotoAsync("books");
        var openai = page.Locator("[data-testid=accrual-row][data-month='2026-12'][data-provider=OpenAI]");
        await Assertions.Expect(openai.Locator("[data-testid=accrual-method]")).ToHaveTextAsync("gateway usage of 2026-12-15");
        (await openai.Locator("[data-testid=accrued]").InnerTextAsync()).ShouldNotBe("$0.00");
        found.AddRange(await AxeAsync(page, "books (accruals)"));
        found.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_admin_imports_litellm_prices_after_a_preview_and_the_unpriced_model_is_priced()
    {
        await using var factory = Factory();
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync("prices");
        await page.ClickAsync("[data-testid=persona-admin]");
        await Circuit.LiveAsync(page);
        for (var i = 0; i < 30 && !await page.Locator("[data-testid=unpriced-model]").IsVisibleAsync(); i++)
        {
            await page.WaitForTimeoutAsync(1_000);
            await page.ClickAsync("[data-testid=prices-show]");
        }
        await Assertions.Expect(page.Locator("[data-testid=unpriced]")).ToContainTextAsync("1 model without a price");
        await Assertions.Expect(page.Locator("[data-testid=unpriced-model]")).ToContainTextAsync("OpenAI o5-preview");
        var found = await AxeAsync(page, "prices");

        // Search, then the history of a model.
        await page.Locator("[data-testid=prices-search]").Locator("xpath=descendant-or-self::input").FillAsync("claude-haiku-4-5");
        var haiku = page.Locator("[data-testid=price-row][data-model=claude-haiku-4-5]");
        await Assertions.Expect(haiku).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=price-row][data-model='anthropic.claude-haiku-4-5']")).ToHaveCountAsync(1); // Bedrock's, found by "contains"
        // The list re-renders as the search lands on the circuit: a click on the row of the previous render is lost, so click until the history opens.
        var history = page.Locator("[data-testid=history-row]");
        for (var attempt = 0; attempt < 3 && await history.CountAsync() == 0; attempt++)
        {
            await haiku.GetByRole(AriaRole.Button, new() { Name = "History of claude-haiku-4-5" }).ClickAsync();
            await Poll.UntilAsync(() => history.CountAsync(), n => n > 0, TimeSpan.FromSeconds(5));
        }
        await Assertions.Expect(history.First).ToContainTextAsync("catalog");

        // The import: a preview first, nothing written until applied.
        await page.Locator("[data-testid=import-from]").Locator("xpath=descendant-or-self::input").FillAsync("2026-12-01");
        await page.Locator("[data-testid=import-file]").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "LiteLLM", "model_prices_sample.json"));
        await Assertions.Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("new and");
        await Assertions.Expect(page.Locator("[data-testid=import-change]").Filter(new() { HasText = "o5-preview" })).ToContainTextAsync("new");
        await Assertions.Expect(page.Locator("[data-testid=unpriced]")).ToBeVisibleAsync();
        found.AddRange(await AxeAsync(page, "prices (import preview)"));
        await page.ClickAsync("[data-testid=import-apply]");
        await Assertions.Expect(page.Locator("[data-testid=unpriced]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // A negotiated discount, with a clear error first.
        await page.Locator("[data-testid=discount-percent]").Locator("xpath=descendant-or-self::input").FillAsync("150");
        await page.ClickAsync("[data-testid=discount-add]");
        await Assertions.Expect(page.Locator("[data-testid=discount-error]")).ToContainTextAsync("at most 100");
        await page.Locator("[data-testid=discount-percent]").Locator("xpath=descendant-or-self::input").FillAsync("12.5");
        await page.ClickAsync("[data-testid=discount-add]");
        await Assertions.Expect(page.Locator("[data-testid=discount-row]")).ToContainTextAsync("12.5 %");
        found.ShouldBeEmpty();
    }

    [Fact]
    public async Task Finance_reads_prices_but_cannot_change_them()
    {
        await using var factory = new DashboardFactory();
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync("prices");
        await page.ClickAsync("[data-testid=persona-finance]");
        await Circuit.LiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=price-row]").First).ToBeVisibleAsync();
        (await page.Locator("[data-testid=price-new]").CountAsync()).ShouldBe(0);
        (await page.Locator("[data-testid=import]").CountAsync()).ShouldBe(0);
        (await page.Locator("[data-testid=discount-add]").CountAsync()).ShouldBe(0);

        // A viewer does not get the page at all.
        var viewer = await browser.NewPageAsync(factory.BaseAddress);
        await viewer.GotoAsync("signin");
        await viewer.ClickAsync("[data-testid=persona-viewer]");
        await Circuit.LiveAsync(viewer);
        await viewer.GotoAsync("prices");
        (await viewer.Locator("[data-testid=prices-table]").CountAsync()).ShouldBe(0);
    }
}
