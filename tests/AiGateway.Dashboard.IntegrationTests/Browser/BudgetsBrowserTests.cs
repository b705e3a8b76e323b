using System.Globalization;
using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Admin;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>Finance creates a budget in the browser, a sync of new spend puts it at risk, and the bell shows the alert.</summary>
public class BudgetsBrowserTests(BrowserFixture browser)
{
    private const string Secret = "sk-admin-budget-browser-Zp81";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Finance_creates_a_budget_that_goes_at_risk_after_a_sync_and_the_bell_shows_the_alert()
    {
        // An annual budget whose fiscal year started about six months ago: the forecast is always available and the
        // year always has months left, whatever the date the test runs on.
        var fiscalStart = (DateTime.UtcNow.Month + 5) % 12 + 1;
        await using var fake = await LiveOpenAIFake.StartAsync(Secret);
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Reporting:FiscalYearStartMonth"] = fiscalStart.ToString(CultureInfo.InvariantCulture) });
        _ = factory.BaseAddress;
        var connectionId = await factory.Services.GetRequiredService<ConnectionsService>().CreateAsync(new ConnectionInput
        {
            Name = "OpenAI live", Kind = ProviderKind.OpenAI, BaseUrl = fake.BaseAddress.ToString(), Secret = Secret, BackfillDays = 30,
        }, "test", Ct);
        int unitId;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
            unitId = (await db.OrgUnits.SingleAsync(u => u.Code == "image-studio", Ct)).Id;
        // The live project's spend will land on Image studio, which has none yet.
        await factory.Services.GetRequiredService<AllocationService>().SaveRuleAsync(
            new AllocationRule { Priority = 5, ProjectId = LiveOpenAIFake.ProjectId, OrgUnitId = unitId }, "test", Ct);

        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync("budgets");
        await page.ClickAsync("[data-testid=persona-finance]");
        await Circuit.LiveAsync(page);
        var bellBefore = int.Parse(await page.Locator("[data-testid=bell-count]").InnerTextAsync(), CultureInfo.InvariantCulture);

        // Create: Image studio, annual, 40 days of the live project's spend (the sync brings 30; the forecast about 50+).
        await page.ClickAsync("[data-testid=budget-new]");
        await Choose.InDialogAsync(page, "budget-field-unit", "Image studio");
        await Choose.InDialogAsync(page, "budget-field-kind", "Annual");
        var amount = 40 * LiveOpenAIFake.DailyCost;
        var amountInput = page.Locator("[data-testid=budget-field-amount]").Locator("xpath=descendant-or-self::input").First;
        await amountInput.FillAsync(decimal.Round(amount, 2).ToString(CultureInfo.InvariantCulture));
        await amountInput.PressAsync("Tab"); // the field binds on change
        await page.ClickAsync("[data-testid=budget-save]");
        try
        {
            await page.WaitForURLAsync(url => url.Contains("/budgets/", StringComparison.Ordinal), new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Say what the dialog said instead of only that nothing happened.
            var dialog = await page.Locator(".mud-dialog").AllInnerTextsAsync();
            if (dialog.Count > 0) throw new ShouldAssertException("Saving the budget did not open it; the dialog says: " + string.Join(" | ", dialog));
            // Seen twice under CI load: the dialog closed (the budget was saved) but the page did not move to it. The
            // budget is opened from the list instead, and the test says so (an open issue in the closing note).
            TestContext.Current.TestOutputHelper?.WriteLine("The saved budget did not open by itself; opening it from the list.");
            await page.GotoAsync("budgets");
            await page.Locator("[data-testid=budget-unit] a", new() { HasText = "Image studio" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/budgets/", StringComparison.Ordinal));
        }
        (await page.Locator("[data-testid=budget-title]").InnerTextAsync()).ShouldContain("Image studio");
        var state = page.Locator("[data-testid=budget-detail-state]");
        await Assertions.Expect(state).ToHaveTextAsync("On track");
        (await page.Locator("[data-testid=kpi-budget] .kpi-value").InnerTextAsync()).ShouldBe(Money.Reporting(Money.MicrosFromMajor(decimal.Round(amount, 2))).Format());

        // A sync of new spend (through the API, as an operator or the schedule would) puts the budget at risk while
        // the page is open: the page follows the evaluation that runs after the sync.
        using var admin = factory.CreateRealClient(DashboardFactory.AdminKey);
        var response = await admin.PostAsync($"api/v1/connections/{connectionId}/sync", null, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Assertions.Expect(state).ToHaveTextAsync("At risk", new() { Timeout = 30_000 });
        (await page.Locator("[data-testid=kpi-actual] .kpi-value").InnerTextAsync()).ShouldNotBe("$0.00");
        (await page.Locator("[data-testid=burn-actual]").CountAsync()).ShouldBe(1);
        (await page.Locator("[data-testid=burn-forecast]").CountAsync()).ShouldBe(1);
        (await page.Locator("[data-testid=burn-threshold]").CountAsync()).ShouldBe(2, "50 % and 80 % (100 % is the budget line)");
        Directory.CreateDirectory("artifacts");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine("artifacts", "budget-detail.png"), FullPage = true });

        // The bell counts the new alerts: Image studio's (50 % reached, forecast above the budget) and any its
        // parents' budgets fire now that their actual includes the new spend; the notifications page names them.
        await Assertions.Expect(page.Locator("[data-testid=bell-count]")).Not.ToHaveTextAsync(bellBefore.ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await page.WaitForTimeoutAsync(500);
        int.Parse(await page.Locator("[data-testid=bell-count]").InnerTextAsync(), CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(bellBefore + 2);
        await page.ClickAsync("[data-testid=bell]");
        await page.WaitForURLAsync(url => url.EndsWith("/notifications", StringComparison.Ordinal));
        await page.Locator("[data-testid=notification]").First.WaitForAsync();
        var titles = await page.Locator("[data-testid=notification][data-unread=true]").AllInnerTextsAsync();
        titles.ShouldContain(t => t.Contains("Image studio: forecast above the", StringComparison.Ordinal));
        titles.ShouldContain(t => t.Contains("Image studio: 50 % of the", StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine("artifacts", "notifications.png"), FullPage = true });

        // Reading them clears the badge.
        await page.ClickAsync("[data-testid=mark-all-read]");
        await Assertions.Expect(page.Locator("[data-testid=bell-count]")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task Finance_sees_a_budget_above_its_parent_listed_and_a_budget_history_with_its_amount_change_and_partial_first_period()
    {
        await using var factory = new DashboardFactory();
        using var planner = factory.CreateRealClient(DashboardFactory.BudgetsKey);
        var created = await planner.PostAsync("api/v1/budgets", System.Net.Http.Json.JsonContent.Create(new { orgUnit = "search-answers", periodKind = "monthly", amount = 999_999m }), Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));

        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync("budgets");
        await page.ClickAsync("[data-testid=persona-finance]");
        await Circuit.LiveAsync(page);
        var warnings = page.Locator("[data-testid=budget-warnings]");
        await warnings.WaitForAsync();
        (await warnings.InnerTextAsync()).ShouldContain("Search answers exceeds Search's $");

        // Corporate IT (a demo budget): its amount changed this month, and its first period began before the data did.
        var corporate = page.Locator("[data-testid=budget-unit] a", new() { HasText = "Corporate IT" });
        await corporate.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/budgets/", StringComparison.Ordinal));
        // The tabs answer clicks once the live circuit has taken over from the prerendered page.
        await Circuit.LiveAsync(page);
        await page.Locator("[data-testid=budget-detail-state]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        var changes = page.Locator("[data-testid=budget-amount-history] tbody tr");
        await changes.First.WaitForAsync();
        (await changes.CountAsync()).ShouldBe(2);
        var dataStart = factory.Today.AddDays(-89);
        (await page.Locator("[data-testid=budget-first-period]").InnerTextAsync()).ShouldContain($"No data before {dataStart:yyyy-MM-dd}", Case.Sensitive);
        if (dataStart.Day != 1) (await page.Locator("[data-testid=history-partial]").InnerTextAsync()).ShouldBe($"data from {dataStart:yyyy-MM-dd}");
        await page.Context.CloseAsync();
    }
}
