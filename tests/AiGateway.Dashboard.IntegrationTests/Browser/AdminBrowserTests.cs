using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>An admin maps unallocated spend with a new rule: preview, save, background re-allocation, Overview moves.</summary>
public class AdminBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_new_rule_previews_its_move_and_reallocates_the_unallocated_spend()
    {
        await using var factory = new DashboardFactory();
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync("admin");
        await page.ClickAsync("[data-testid=persona-admin]");
        await Circuit.LiveAsync(page);

        await page.ClickAsync("[data-testid=add-rule]");
        await page.Locator("[data-testid=rule-project]").Locator("xpath=descendant-or-self::input").First.FillAsync("proj_image_studio");
        // Pick the unit, then preview. The select's popover can still be opening when clicked, so the preview
        // (which names the target) confirms the choice; one more try if it did not take.
        var preview = "";
        for (var attempt = 0; attempt < 3 && !preview.Contains("Image studio", StringComparison.Ordinal); attempt++)
        {
            await page.Locator("[data-testid=rule-unit]").ClickAsync();
            var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Image studio" });
            await option.WaitForAsync();
            await page.WaitForTimeoutAsync(200);
            await option.ClickAsync();
            await page.ClickAsync("[data-testid=rule-preview]");
            await page.Locator("[data-testid=rule-preview-result]").WaitForAsync();
            await page.WaitForTimeoutAsync(300);
            preview = await page.Locator("[data-testid=rule-preview-result]").InnerTextAsync();
        }
        preview.ShouldContain("This rule would move $");
        preview.ShouldContain("from Unallocated to Image studio");

        await page.ClickAsync("[data-testid=rule-save]");
        await page.Locator("[data-testid=rules] td", new() { HasTextString = "project proj_image_studio" }).WaitForAsync();
        // The audit names who did it, with the e-mail on hover.
        await page.ReloadAsync();
        var who = page.Locator("[data-testid=who]", new() { HasTextString = "Ada Admin" }).First;
        await Assertions.Expect(who).ToHaveAttributeAsync("title", "ada.admin@demo.local");

        // Unallocated spend is gone once the background re-allocation lands.
        await page.GotoAsync("");
        var tile = page.Locator("[data-testid=kpi-unallocated] .kpi-value");
        await tile.WaitForAsync();
        for (var i = 0; i < 50 && await tile.InnerTextAsync() != "$0.00"; i++)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
            await tile.WaitForAsync();
        }
        (await tile.InnerTextAsync()).ShouldBe("$0.00");
    }
}
