using System.Globalization;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>Explore in the browser: filters, drill-down, sorting, and a bookmarked URL reproducing the view.</summary>
public class ExploreBrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    private async Task<IPage> SignedInAsync(string persona, string path)
    {
        var page = await browser.NewPageAsync(dashboard.BaseAddress);
        await page.GotoAsync(path);
        await page.ClickAsync($"[data-testid=persona-{persona}]");
        await Circuit.LiveAsync(page);
        return page;
    }

    private static async Task<List<string>> GroupsAsync(IPage page)
    {
        await page.Locator("[data-testid=explore-grid]").WaitForAsync();
        return (await page.Locator("[data-testid=grid-group]").AllInnerTextsAsync()).ToList();
    }

    // Client-side navigation: wait for the URL, then for the live circuit to render the new grid.
    private static Task UrlContainsAsync(IPage page, string text) =>
        page.WaitForFunctionAsync("t => decodeURIComponent(location.href).includes(t)", text);

    private static Task<List<string>> GroupsWhenAsync(IPage page, Func<List<string>, bool> ready) => Poll.UntilAsync(() => GroupsAsync(page), ready);

    private static async Task<string> TotalAsync(IPage page) => await page.Locator("[data-testid=explore-total] strong").InnerTextAsync();

    [Fact]
    public async Task Finance_groups_by_org_unit_and_drills_down_the_tree_to_models()
    {
        var page = await SignedInAsync("finance", "explore?range=last90&groupBy=orgUnit");

        var top = await GroupsAsync(page);
        top.ShouldContain("Product Engineering");
        top.ShouldContain("Unallocated");
        (await page.Locator("[data-testid=explore-chart] svg").CountAsync()).ShouldBeGreaterThan(0);
        Directory.CreateDirectory("artifacts");
        await page.ScreenshotAsync(new() { Path = Path.Combine("artifacts", "explore-finance.png"), FullPage = true });

        await page.Locator("[data-testid=grid-group]", new() { HasTextString = "Product Engineering" }).ClickAsync();
        await UrlContainsAsync(page, "orgUnit=product-engineering");
        var teams = await GroupsWhenAsync(page, g => !g.Contains("Product Engineering"));
        teams.ShouldBe(["Developer Productivity", "Search", "Support Automation"], ignoreOrder: true);

        await page.Locator("[data-testid=grid-group]", new() { HasTextString = "Support Automation" }).ClickAsync();
        await UrlContainsAsync(page, "orgUnit=support-automation");
        (await GroupsWhenAsync(page, g => !g.Contains("Search"))).ShouldBe(["Knowledge-base writer", "Support bot", "Ticket triage"], ignoreOrder: true);
        await Assertions.Expect(page.Locator("[data-testid=filter-chip-orgUnit]")).ToHaveTextAsync("Org unit: Support Automation"); // the chip names the unit, the address keeps its code
    }

    [Fact]
    public async Task A_provider_filter_and_a_split_narrow_the_grid_and_the_url_reproduces_the_view()
    {
        var page = await SignedInAsync("finance", "explore?range=lastMonth&groupBy=model&split=provider&provider=Anthropic&sort=name&dir=asc");

        var models = await GroupsAsync(page);
        models.ShouldBe(["claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929"]); // sorted by name, ascending
        var total = await TotalAsync(page);
        var url = page.Url;

        // The bookmarked URL, opened fresh, shows the same view.
        var again = await browser.NewPageAsync(dashboard.BaseAddress);
        await again.GotoAsync(url);
        await again.ClickAsync("[data-testid=persona-finance]");
        (await GroupsAsync(again)).ShouldBe(models);
        (await TotalAsync(again)).ShouldBe(total);
        (await again.Locator("[data-testid=filter-chip-provider]").InnerTextAsync()).ShouldContain("Anthropic");

        // Removing the filter widens the view again.
        await page.Locator("[data-testid=filter-chip-provider] .mud-chip-close-button").ClickAsync();
        (await GroupsWhenAsync(page, g => g.Count > 2)).Count.ShouldBe(8);
        page.Url.ShouldNotContain("provider=Anthropic");
    }

    [Fact]
    public async Task Clicking_a_model_row_filters_by_it_and_shows_its_projects()
    {
        var page = await SignedInAsync("finance", "explore?range=thisMonth&groupBy=model");
        await page.Locator("[data-testid=grid-group]", new() { HasTextString = "o3-2025-04-16" }).ClickAsync();

        await UrlContainsAsync(page, "model=o3-2025-04-16");
        await UrlContainsAsync(page, "groupBy=project");
        (await GroupsWhenAsync(page, g => g.Count == 1)).ShouldBe(["Code review"]); // the provider's project name, not proj_code_review
    }

    [Fact]
    public async Task Clicking_a_bar_filters_by_its_series()
    {
        var page = await SignedInAsync("finance", "explore?range=last90&groupBy=provider");
        var providers = await GroupsAsync(page);
        var costs = await page.Locator("[data-testid=grid-cost]").AllInnerTextsAsync();
        // The chart draws after the grid: wait for its legend.
        var legend = await Poll.TextsAsync(page.Locator("[data-testid=explore-chart] .mud-chart-legend-item"), l => l.Count > 0);
        var first = legend[0];
        var firstCost = costs[providers.IndexOf(first)].Split('\n')[0].Trim();
        var bars = page.Locator("[data-testid=explore-chart] svg path.mud-chart-bar");
        (await bars.CountAsync()).ShouldBeGreaterThan(0);
        // The chart may re-render once after it measures itself; a click that lands on the replaced shape is repeated.
        var moved = await Poll.UntilAsync(async () =>
        {
            if (!page.Url.Contains("provider=", StringComparison.Ordinal))
            {
                await bars.First.ClickAsync(new() { Force = true });
                await Task.Delay(500);
            }
            return page.Url;
        }, url => url.Contains("provider=", StringComparison.Ordinal));
        // The first bar segment belongs to the first series.
        Uri.UnescapeDataString(moved).ShouldContain("provider=" + first);
        await UrlContainsAsync(page, "groupBy=model");
        await GroupsWhenAsync(page, g => !g.SequenceEqual(providers));
        (await TotalAsync(page)).ShouldBe(firstCost);
    }

    [Fact]
    public async Task A_team_lead_sees_only_their_own_units()
    {
        var page = await SignedInAsync("teamlead", "explore?range=last90&groupBy=orgUnit");
        var groups = await GroupsAsync(page);
        groups.ShouldNotContain("Unallocated");
        groups.ShouldNotContain("Search");
        groups.ShouldAllBe(g => g == "Product Engineering"); // the level below the root, holding only their team's spend
        (await page.Locator("[data-testid=explore-total]").InnerTextAsync()).ShouldContain("your org units only");

        await page.GotoAsync("explore?range=last90&groupBy=orgUnit&orgUnit=search");
        (await page.Locator("[data-testid=explore-error]").InnerTextAsync()).ShouldContain("not one of your org units");
    }

    [Fact]
    public async Task A_url_from_year_1_to_9999_is_clamped_to_the_longest_range_Explore_charts()
    {
        var page = await SignedInAsync("viewer", "explore?range=custom&from=0001-01-01&to=9999-11-30&groupBy=provider");
        var total = page.Locator("[data-testid=explore-total]");
        await total.WaitForAsync();
        var text = await total.InnerTextAsync();
        var latest = dashboard.Factory.Today.AddYears(5);
        text.ShouldStartWith($"{latest.AddDays(-(AiGateway.Dashboard.Features.Explore.ExploreState.MaxDays - 1)):yyyy-MM-dd} – {latest:yyyy-MM-dd} (UTC days)");
        await page.Locator("[data-testid=explore-chart] svg").First.WaitForAsync();
        // Monthly bars over about ten years: a few hundred shapes, not the 240,000 paths of an unbounded range.
        (await page.Locator("[data-testid=explore-chart] svg path, [data-testid=explore-chart] svg rect").CountAsync()).ShouldBeLessThan(3_000);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Model_project_and_connection_filters_find_by_part_of_a_name_and_chips_show_names()
    {
        var page = await SignedInAsync("finance", "explore?range=last90&groupBy=model");
        await GroupsAsync(page);
        var options = page.Locator(".mud-popover-open .mud-list-item");

        // "gpt-4o" finds the dated model ids that contain it.
        var model = page.Locator("[data-testid=filter-model]").Locator("xpath=descendant-or-self::input");
        await model.FillAsync("gpt-4o");
        // The list filters as the person types (after a short pause): wait for the list that answers "gpt-4o".
        var found = await Poll.TextsAsync(options, o => o.Count > 0 && o.All(t => t.Contains("gpt-4o")));
        found.ShouldNotBeEmpty();
        found.ShouldAllBe(o => o.Contains("gpt-4o"));
        var first = found[0].Trim();
        await options.Filter(new() { HasText = first }).First.ClickAsync();
        await UrlContainsAsync(page, $"model={first}");
        await Assertions.Expect(page.Locator("[data-testid=filter-chip-model]")).ToContainTextAsync($"Model: {first}");
        (await GroupsWhenAsync(page, g => g.Count == 1)).ShouldBe([first]);
        await page.Locator("[data-testid=filter-chip-model] .mud-chip-close-button").ClickAsync();
        await page.WaitForFunctionAsync("() => !location.href.includes('model=')");

        // A project by part of its name: the chip shows the name, the address the id.
        var project = page.Locator("[data-testid=filter-project]").Locator("xpath=descendant-or-self::input");
        await project.FillAsync("support");
        await Poll.TextsAsync(options, o => o.Contains("Support bot"));
        await options.Filter(new() { HasText = "Support bot" }).First.ClickAsync();
        await UrlContainsAsync(page, "project=");
        await Assertions.Expect(page.Locator("[data-testid=filter-chip-project]")).ToHaveTextAsync("Project: Support bot");
        page.Url.ShouldContain("project=proj_support_bot");

        // A connection by name, not by number.
        var connection = page.Locator("[data-testid=filter-connection]").Locator("xpath=descendant-or-self::input");
        await connection.FillAsync("simulated");
        await Poll.TextsAsync(options, o => o.Contains("Simulated demo billing"));
        await options.Filter(new() { HasText = "Simulated demo billing" }).First.ClickAsync();
        await UrlContainsAsync(page, "connection=");
        await Assertions.Expect(page.Locator("[data-testid=filter-chip-connection]")).ToHaveTextAsync("Connection: Simulated demo billing");
        await page.Context.CloseAsync();
    }
}
