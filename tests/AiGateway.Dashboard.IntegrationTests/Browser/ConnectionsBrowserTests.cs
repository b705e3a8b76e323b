using System.Globalization;
using System.Text.Json;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>An admin connects a provider in the browser; a fake OpenAI on loopback answers.</summary>
public class ConnectionsBrowserTests(BrowserFixture browser)
{
    private const string Secret = "sk-admin-browser-secret-9Tw4";

    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}]").Locator("xpath=descendant-or-self::input").First;

    private static async Task<IPage> SignedInAsync(BrowserFixture browser, Uri baseAddress, string persona, string path)
    {
        var page = await browser.NewPageAsync(baseAddress);
        await page.GotoAsync(path);
        await page.ClickAsync($"[data-testid=persona-{persona}]");
        return page;
    }

    private static async Task<decimal> MonthToDateAsync(IPage page)
    {
        var text = await page.Locator("[data-testid=kpi-mtd] .kpi-value").InnerTextAsync();
        return decimal.Parse(text.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_admin_adds_tests_and_syncs_an_OpenAI_connection_and_the_overview_moves()
    {
        await using var fake = await LiveOpenAIFake.StartAsync(Secret);
        await using var factory = new DashboardFactory();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using var api = factory.CreateRealClient(DashboardFactory.SpendKey);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var before = JsonDocument.Parse(await api.GetStringAsync($"api/v1/spend?from={monthStart:yyyy-MM-dd}&to={today:yyyy-MM-dd}", TestContext.Current.CancellationToken))
            .RootElement.GetProperty("total").GetDecimal();

        // A second tab keeps the Overview open: it must refresh by itself when the sync lands.
        var overview = await SignedInAsync(browser, factory.BaseAddress, "finance", "");
        await Circuit.LiveAsync(overview);
        var shownBefore = await MonthToDateAsync(overview);
        shownBefore.ShouldBe(decimal.Round(before, 2, MidpointRounding.AwayFromZero));

        var page = await SignedInAsync(browser, factory.BaseAddress, "admin", "connections");
        await Circuit.LiveAsync(page);
        await page.ClickAsync("[data-testid=add-connection]");
        await Input(page, "field-name").FillAsync("OpenAI production");
        await Input(page, "field-baseurl").FillAsync(fake.BaseAddress.ToString());
        await Input(page, "field-secret").FillAsync(Secret);
        await page.ClickAsync("[data-testid=save-connection]");
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=connection-name]", new() { HasText = "OpenAI production" }) });
        await row.WaitForAsync();
        (await row.InnerTextAsync()).ShouldContain("…9Tw4");
        (await page.ContentAsync()).ShouldNotContain(Secret);

        await row.Locator("button", new() { HasText = "Test" }).ClickAsync();
        var result = row.Locator("[data-testid^=test-result-]");
        await result.WaitForAsync();
        (await result.InnerTextAsync()).ShouldContain("admin key can read the organization");

        await row.Locator("button", new() { HasText = "Sync now" }).ClickAsync();
        await row.Locator(".mud-chip", new() { HasText = "Succeeded" }).WaitForAsync(new() { Timeout = 30_000 });
        var history = page.Locator("[data-testid=sync-history] tbody tr", new() { HasText = "OpenAI production" }).First;
        await history.WaitForAsync();
        var historyText = await history.InnerTextAsync();
        historyText.ShouldContain("Manual");
        historyText.ShouldContain("Succeeded");
        historyText.ShouldContain("180"); // 90 days × (billed + usage)

        // The open Overview moved by exactly this month's days of the fake provider's spend, without a reload — and by
        // its days in the demo's closed month (the month before last), which the closed month does not take: they are
        // booked today as a prior-period adjustment.
        var closed = Period.Containing(PeriodKind.Monthly, today).Previous().Previous();
        var closedDays = new DateWindow(today.AddDays(-89), today).EachDay().Count(closed.Contains);
        var expected = decimal.Round(before + LiveOpenAIFake.DailyCost * (today.Day + closedDays), 2, MidpointRounding.AwayFromZero);
        await overview.Locator("[data-testid=updated]").WaitForAsync(new() { Timeout = 15_000 });
        (await MonthToDateAsync(overview)).ShouldBe(expected);
        Directory.CreateDirectory("artifacts");
        await page.ScreenshotAsync(new() { Path = Path.Combine("artifacts", "connections-admin.png"), FullPage = true });
    }

    [Fact]
    public async Task A_wrong_key_shows_the_providers_refusal_in_plain_words()
    {
        await using var fake = await LiveOpenAIFake.StartAsync(Secret);
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var page = await SignedInAsync(browser, factory.BaseAddress, "admin", "connections");
        await Circuit.LiveAsync(page);

        await page.ClickAsync("[data-testid=add-connection]");
        await Input(page, "field-name").FillAsync("OpenAI with a project key");
        await Input(page, "field-baseurl").FillAsync(fake.BaseAddress.ToString());
        await Input(page, "field-secret").FillAsync("sk-proj-not-an-admin-key");
        await page.ClickAsync("[data-testid=save-connection]");
        var row = page.Locator("tr", new() { HasText = "OpenAI with a project key" });
        await row.Locator("button", new() { HasText = "Test" }).ClickAsync();

        var result = row.Locator("[data-testid^=test-result-]");
        await result.WaitForAsync();
        var text = await result.InnerTextAsync();
        text.ShouldContain("check the admin key");
        text.ShouldContain("Incorrect API key provided.");
    }

    [Fact]
    public async Task A_bad_form_is_refused_field_by_field_and_nothing_is_saved()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var page = await SignedInAsync(browser, factory.BaseAddress, "admin", "connections");
        await Circuit.LiveAsync(page);

        await page.ClickAsync("[data-testid=add-connection]");
        await Input(page, "field-baseurl").FillAsync("not a url");
        await Input(page, "field-schedule").FillAsync("every hour");
        await page.ClickAsync("[data-testid=save-connection]");

        await page.Locator("[data-testid=dialog-error]").WaitForAsync();
        var dialog = await page.Locator("[data-testid=connection-dialog], .mud-dialog").First.InnerTextAsync();
        dialog.ShouldContain("Give the connection a name.");
        dialog.ShouldContain("Enter an absolute http(s) URL");
        dialog.ShouldContain("Enter the organization's admin key.");
        dialog.ShouldContain("not a valid cron expression");
        await page.Keyboard.PressAsync("Escape");
        (await page.Locator("[data-testid=connections-table]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_admin_disables_then_deletes_a_connection_after_confirming()
    {
        await using var factory = new DashboardFactory();
        var page = await SignedInAsync(browser, factory.BaseAddress, "admin", "connections");
        await Circuit.LiveAsync(page);
        var row = page.Locator("tr", new() { HasText = "Simulated demo billing" });

        await row.Locator("[data-testid^=toggle-]").ClickAsync();
        await row.Locator(".mud-chip", new() { HasText = "disabled" }).WaitForAsync();
        (await row.Locator("button", new() { HasText = "Sync now" }).IsDisabledAsync()).ShouldBeTrue();

        // Its spend sits in the demo's closed month: deleting is refused, the month named, until Finance reopens it.
        async Task DeleteAsync()
        {
            await row.Locator("[data-testid^=delete-]").ClickAsync();
            var confirm = page.Locator(".mud-dialog", new() { HasText = "cannot be undone" });
            await confirm.WaitForAsync();
            await confirm.Locator("button", new() { HasText = "Delete" }).ClickAsync();
        }
        await DeleteAsync();
        var closed = Period.Containing(PeriodKind.Monthly, factory.Today).Previous().Previous();
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "closed months" })).ToContainTextAsync($"({closed.Label}); deleting it would change them. Disable it instead.");
        (await page.Locator("[data-testid=connections-table] tr", new() { HasText = "Simulated demo billing" }).CountAsync()).ShouldBe(1);
        await factory.Services.GetRequiredService<AiGateway.Dashboard.Features.Books.BooksService>().ReopenAsync(
            AiGateway.Dashboard.Auth.DemoPersonas.Principal(AiGateway.Dashboard.Auth.DemoPersonas.Find("finance")!, "test"), closed, "The connection was added by mistake", TestContext.Current.CancellationToken);
        await DeleteAsync();
        await page.Locator("[data-testid=connections-empty]").WaitForAsync();

        using var api = factory.CreateRealClient(DashboardFactory.SpendKey);
        var total = JsonDocument.Parse(await api.GetStringAsync($"api/v1/spend?from={DateTime.UtcNow.AddDays(-365):yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}", TestContext.Current.CancellationToken)).RootElement;
        total.GetProperty("total").GetDecimal().ShouldBe(0m); // its spend went with it, as the confirmation said
    }

    [Fact]
    public async Task Finance_is_refused_the_connections_page()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var page = await SignedInAsync(browser, factory.BaseAddress, "finance", "connections");
        await page.WaitForURLAsync(url => url.Contains("/access-denied", StringComparison.Ordinal));
        (await page.Locator("[data-testid=access-denied]").InnerTextAsync()).ShouldContain("Access denied");
    }

    [Fact]
    public async Task A_test_makes_one_attempt_and_a_failed_run_says_its_reason_once()
    {
        // A provider that is down (503 on every call): a sync retries that, a test does not.
        await using var down = await AiGateway.Dashboard.Tests.Support.LoopbackServer.StartAsync();
        foreach (var path in new[] { "/v1/organization/projects", "/v1/organization/costs", "/v1/organization/usage/completions" })
            down.MapJson(path, """{"error":{"message":"The server is overloaded, try again later.","type":"server_error"}}""", 503);
        var address = down.BaseAddress.ToString();
        await using var factory = new DashboardFactory(new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false", ["Providers:Http:BaseDelay"] = "00:00:00.050", ["Providers:Http:MaxRetries"] = "2",
        });
        var page = await SignedInAsync(browser, factory.BaseAddress, "admin", "connections");
        await Circuit.LiveAsync(page);
        await page.ClickAsync("[data-testid=add-connection]");
        await Input(page, "field-name").FillAsync("OpenAI that hangs up");
        await Input(page, "field-baseurl").FillAsync(address);
        await Input(page, "field-secret").FillAsync("sk-admin-hangs-up");
        await page.ClickAsync("[data-testid=save-connection]");
        var row = page.Locator("tr", new() { HasText = "OpenAI that hangs up" });

        await row.Locator("button", new() { HasText = "Test" }).ClickAsync();
        var result = row.Locator("[data-testid^=test-result-]");
        await Assertions.Expect(result).ToContainTextAsync("503");
        down.Requests.Count.ShouldBe(1, "a test makes one attempt");

        await row.Locator("[data-testid^=sync-]", new() { HasText = "Sync now" }).ClickAsync();
        var history = page.Locator("[data-testid=sync-history] tr", new() { HasText = "OpenAI that hangs up" }).Filter(new() { HasText = "Failed" }).Last;
        await history.WaitForAsync();
        down.Requests.Count.ShouldBeGreaterThan(2, "the sync retried the 503 the test tried once: " + string.Join(", ", down.Requests.Select(r => r.Path + r.Query)));
        var error = await history.Locator("td").Last.InnerTextAsync();
        error.ShouldContain("503");
        // The cause is said once: no "(…)" repeating what the sentence already says.
        var parts = error.Split(" (", 2);
        if (parts.Length == 2) parts[0].ShouldNotContain(parts[1].TrimEnd(')'), Case.Sensitive, error);

        // Changes confirm what happened, one message at a time, and the message does not follow to another page.
        var snackbars = page.Locator(".mud-snackbar");
        await row.Locator("[data-testid^=toggle-]").ClickAsync();
        await Assertions.Expect(snackbars.Last).ToContainTextAsync("'OpenAI that hangs up' disabled");
        await row.Locator("[data-testid^=toggle-]").ClickAsync();
        await Assertions.Expect(snackbars.Last).ToContainTextAsync("'OpenAI that hangs up' enabled");
        (await snackbars.CountAsync()).ShouldBe(1);
        await page.ClickAsync("nav a[href='budgets']");
        await Assertions.Expect(snackbars).ToHaveCountAsync(0);
    }
}
