using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Providers.Simulated;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// An admin connects Azure OpenAI in the browser: Entra ID's token endpoint and Cost Management are fakes on loopback serving
/// our fixtures (billed in EUR); the test, the sync and the spend it lands, converted at the demo's rates.
/// </summary>
public class AzureConnectionBrowserTests(BrowserFixture browser)
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string Subscription = "00000000-0000-0000-0000-000000000000";

    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}]").Locator("xpath=descendant-or-self::input").First;

    [Fact]
    public async Task An_admin_adds_tests_and_syncs_an_Azure_connection_and_its_euros_land_converted()
    {
        await using var azure = await LoopbackServer.StartAsync();
        azure.MapJson($"/{Tenant}/oauth2/v2.0/token", Fixtures.Read("Azure/token.json"));
        azure.Map($"/subscriptions/{Subscription}/providers/Microsoft.CostManagement/query", ctx => LoopbackServer.Json(ctx,
            ctx.Request.Query.ContainsKey("$skiptoken") ? Fixtures.Read("Azure/query-page2.json") : Fixtures.Read("Azure/query-page1.json").Replace("{BASE}", azure.BaseAddress.ToString())));
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero)) };

        var page = await browser.SignedInAsync(factory.BaseAddress, "admin");
        await page.GotoAsync("connections");
        await Circuit.LiveAsync(page);
        await page.ClickAsync("[data-testid=add-connection]");
        await Choose.InDialogAsync(page, "field-kind", "AzureOpenAI");
        await Input(page, "field-name").FillAsync("Azure EU");
        await Input(page, "field-tenant").FillAsync("not-a-guid");
        await Input(page, "field-secret").FillAsync("azure-client-secret~Zq8");
        await page.ClickAsync("[data-testid=save-connection]");
        await Assertions.Expect(page.Locator("[data-testid=connection-dialog]")).ToContainTextAsync("Tenant id 'not-a-guid' is not a GUID");

        await Input(page, "field-tenant").FillAsync(Tenant);
        await Input(page, "field-client").FillAsync("66666666-7777-8888-9999-000000000000");
        await Input(page, "field-scope").FillAsync($"subscriptions/{Subscription}");
        await Input(page, "field-authority").FillAsync(azure.BaseAddress.ToString());
        await Input(page, "field-baseurl").FillAsync(azure.BaseAddress.ToString());
        await Input(page, "field-backfill").FillAsync("4");
        await page.ClickAsync("[data-testid=save-connection]");
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=connection-name]", new() { HasText = "Azure EU" }) });
        await row.WaitForAsync();
        (await page.ContentAsync()).ShouldNotContain("azure-client-secret~Zq8");

        await row.Locator("button", new() { HasText = "Test" }).ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid^=test-result-]")).ToContainTextAsync("Connected to Cost Management");
        await row.Locator("button", new() { HasText = "Sync now" }).ClickAsync();
        await row.Locator(".mud-chip", new() { HasText = "Succeeded" }).WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=sync-history] tbody tr", new() { HasText = "Azure EU" }).First).ToContainTextAsync("Provisioned Managed Regional PTU");

        // Each day's EUR total of the fixtures at the demo's rate of that day, rounded once.
        long Usd(long eurMicros, DateOnly day) => (long)decimal.Round(eurMicros * SimulatedFx.EurUsd(day) / 1_000_000m * 1_000_000m, 0, MidpointRounding.ToEven);
        var expected = Usd(5_550_600, new(2026, 11, 18)) + Usd(16_850_000, new(2026, 11, 19)) + Usd(2_000_000, new(2026, 11, 20));
        using var api = factory.CreateRealClient(DashboardFactory.SpendKey);
        var spend = await api.GetFromJsonAsync<JsonElement>("api/v1/spend?from=2026-11-18&to=2026-11-21&groupBy=connection&kind=billed", TestContext.Current.CancellationToken);
        var azureRow = spend.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("connection").GetString() == "Azure EU");
        azureRow.GetProperty("cost").GetDecimal().ShouldBe(expected / 1_000_000m);
    }
}
