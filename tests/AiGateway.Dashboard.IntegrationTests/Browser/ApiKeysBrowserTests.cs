using System.Net;
using AiGateway.Dashboard.IntegrationTests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>An admin makes an API key on the page, copies it from the one screen that shows it, sees it used, and revokes it.</summary>
public class ApiKeysBrowserTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_makes_a_key_sees_it_once_sees_it_used_and_revokes_it()
    {
        await using var factory = new DashboardFactory();
        var page = await browser.SignedInAsync(factory.BaseAddress, "admin");
        await page.GotoAsync("admin/api-keys");
        await Circuit.LiveAsync(page);
        var rows = page.Locator("[data-testid=apikeys-table] tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "BI team (Power BI refresh)" })).ToContainTextAsync("active");
        var declared = rows.Filter(new() { Has = page.Locator("[data-testid=apikey-row-name]", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^automation$") }) });
        await Assertions.Expect(declared).ToContainTextAsync("configuration");
        await Assertions.Expect(declared.Locator("[data-testid=apikey-revoke]")).ToHaveCountAsync(0);

        await page.ClickAsync("[data-testid=apikey-new]");
        await page.ClickAsync("[data-testid=apikey-create]");
        await Assertions.Expect(page.Locator("[data-testid=apikey-errors]")).ToHaveTextAsync("Name is required.");
        await page.Locator("[data-testid=apikey-name]").Locator("xpath=descendant-or-self::input").First.FillAsync("LiteLLM gateway (prod)");
        await page.Locator("[data-testid=apikey-scope-budgets-check]").Locator("xpath=descendant-or-self::input").First.CheckAsync();
        await page.ClickAsync("[data-testid=apikey-create]");
        var shown = page.Locator("[data-testid=apikey-value]").Locator("xpath=descendant-or-self::input").First;
        await Assertions.Expect(shown).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^aigw_[0-9a-f]{8}_[0-9a-f]{40}$"));
        var key = await shown.InputValueAsync();

        var result = await page.RunAxe();
        result.Violations.Where(v => v.Impact is "critical" or "serious").Select(v => $"{v.Id}: {v.Help}").ShouldBeEmpty();

        await page.ClickAsync("[data-testid=apikey-done]");
        var row = rows.Filter(new() { HasText = "LiteLLM gateway (prod)" });
        await Assertions.Expect(row).ToContainTextAsync(key[..13] + "…");
        await Assertions.Expect(row).ToContainTextAsync("budgets:check, spend:read");
        (await page.ContentAsync()).ShouldNotContain(key[14..], customMessage: "shown once, in the dialog only");

        // The gateway uses it; the page shows when and from where.
        using var gateway = factory.CreateRealClient(key);
        (await gateway.GetAsync("api/v1/budgets/check?orgUnit=search", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await page.ReloadAsync();
        await Circuit.LiveAsync(page);
        await Assertions.Expect(row.Locator("[data-testid=apikey-row-used]")).ToContainTextAsync("from 127.0.0.1");

        await row.Locator("[data-testid=apikey-revoke]").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Revoke" }).ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=apikey-row-status]")).ToContainTextAsync("revoked");
        await Assertions.Expect(row.Locator("[data-testid=apikey-row-status]")).ToContainTextAsync("by ada.admin@demo.local");
        (await gateway.GetAsync("api/v1/budgets/check?orgUnit=search", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
