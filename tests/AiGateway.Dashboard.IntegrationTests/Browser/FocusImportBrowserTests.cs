using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// The round trip: our own FOCUS export of a month, uploaded by an admin to a FOCUS connection of an empty instance, gives the
/// same totals to the micro-unit — by provider too; uploading it again replaces the month instead of adding it twice.
/// </summary>
public class FocusImportBrowserTests(BrowserFixture browser)
{
    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}]").Locator("xpath=descendant-or-self::input").First;

    private static async Task<Dictionary<string, decimal>> ByProviderAsync(HttpClient api, string range) =>
        (await api.GetFromJsonAsync<JsonElement>($"api/v1/spend?{range}&groupBy=provider&kind=billed", TestContext.Current.CancellationToken))
            .GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("provider").GetString()!, r => r.GetProperty("cost").GetDecimal());

    [Fact]
    public async Task Our_own_focus_export_imported_into_an_empty_instance_gives_the_same_totals()
    {
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        const string range = "from=2026-11-01&to=2026-11-30";
        var folder = Directory.CreateTempSubdirectory("focus-export-").FullName;
        var file = Path.Combine(folder, "focus-2026-11.csv");
        Dictionary<string, decimal> exported;
        await using (var source = new DashboardFactory { Clock = clock })
        {
            using var api = source.CreateRealClient(DashboardFactory.SpendKey);
            await File.WriteAllBytesAsync(file, await api.GetByteArrayAsync($"api/v1/exports/focus?{range}", TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
            exported = await ByProviderAsync(api, range);
        }
        exported.Keys.ShouldContain("AzureOpenAI");

        await using var target = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" }) { Clock = clock };
        var page = await browser.SignedInAsync(target.BaseAddress, "admin");
        await page.GotoAsync("connections");
        await Circuit.LiveAsync(page);
        await page.ClickAsync("[data-testid=add-connection]");
        await Choose.InDialogAsync(page, "field-kind", "Focus");
        await Input(page, "field-name").FillAsync("FOCUS exports");
        await page.ClickAsync("[data-testid=save-connection]");
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=connection-name]", new() { HasText = "FOCUS exports" }) });
        await row.WaitForAsync();

        using var imported = target.CreateRealClient(DashboardFactory.SpendKey);
        for (var upload = 1; upload <= 2; upload++)
        {
            await row.Locator("input[type=file]").SetInputFilesAsync(file);
            var history = page.Locator("[data-testid=sync-history] tbody tr", new() { HasText = "FOCUS exports" }).First;
            await Assertions.Expect(history).ToContainTextAsync("Succeeded", new() { Timeout = 30_000 });
            await Assertions.Expect(history).ToContainTextAsync("2026-11-01 – 2026-11-30");
            var totals = await Poll.UntilAsync(() => ByProviderAsync(imported, range), t => t.Count == exported.Count);
            totals.ShouldBe(exported, ignoreOrder: true);
        }
        Directory.Delete(folder, recursive: true);
    }
}
