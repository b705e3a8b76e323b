using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>The org unit picker: empty until chosen (no "0"), searchable by name, code or a parent's name, entries show their path and whether they have a budget.</summary>
public class PickersBrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    [Fact]
    public async Task The_unit_picker_searches_names_codes_and_paths_and_marks_units_with_a_budget()
    {
        var page = await browser.SignedInAsync(dashboard.BaseAddress, "finance");
        await page.GotoAsync("budgets");
        await Circuit.LiveAsync(page);
        await page.ClickAsync("[data-testid=budget-new]");
        var field = page.Locator("[data-testid=budget-field-unit]").Locator("xpath=descendant-or-self::input");
        (await field.InputValueAsync()).ShouldBe("", "no placeholder value is shown as chosen");
        await Assertions.Expect(page.Locator(".mud-dialog")).Not.ToContainTextAsync("Reporting:");

        var options = page.Locator(".mud-popover-open .mud-list-item");
        async Task<IReadOnlyList<string>> OptionsForAsync(string text, Func<IReadOnlyList<string>, bool> ready)
        {
            await field.FillAsync(text);
            return await Poll.TextsAsync(options, ready);
        }

        // By a parent's name: every unit below Product Engineering, each with its path.
        var below = await OptionsForAsync("Product Engineering", o => o.Any(t => t.StartsWith("Search", StringComparison.Ordinal)));
        below.ShouldContain(t => t.StartsWith("Search", StringComparison.Ordinal) && t.Contains("Contoso › Product Engineering"));
        // By code.
        var byCode = await OptionsForAsync("support-automation", o => o.Count == 1);
        byCode.ShouldHaveSingleItem().ShouldContain("Support Automation");
        // Units that already have a budget say so.
        byCode[0].ShouldContain("has a budget");

        await options.First.ClickAsync();
        await Assertions.Expect(field).ToHaveValueAsync("Support Automation (support-automation)");
        await page.Context.CloseAsync();
    }
}
