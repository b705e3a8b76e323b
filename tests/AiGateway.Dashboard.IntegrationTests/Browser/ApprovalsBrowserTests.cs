using System.Globalization;
using System.Text.Json;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>Two people in two browser contexts: the team lead asks for more, the manager approves, the budget moves.</summary>
public class ApprovalsBrowserTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<IPage> SignInAsync(BrowserFixture browser, DashboardFactory factory, string persona, string path)
    {
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync(path);
        await page.ClickAsync($"[data-testid=persona-{persona}]");
        await Circuit.LiveAsync(page);
        return page;
    }

    [Fact]
    public async Task The_team_lead_asks_the_manager_approves_the_budget_moves_and_the_team_lead_hears_of_it()
    {
        await using var factory = new DashboardFactory();
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var before = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray()
            .Single(b => b.GetProperty("orgUnit").GetString() == "support-automation");
        var budgetId = before.GetProperty("budgetId").GetInt32();
        var amountBefore = before.GetProperty("budget").GetDecimal();

        // Tom asks from the budgets list; the form shows what the budget would become.
        var tom = await SignInAsync(browser, factory, "teamlead", "budgets");
        var tomBell = int.Parse(await tom.Locator("[data-testid=bell-count]").InnerTextAsync(), CultureInfo.InvariantCulture);
        await tom.Locator("[data-testid=budget-row-request]").First.ClickAsync();
        await tom.Locator("[data-testid=request-dialog]").WaitForAsync();
        await tom.Locator("[data-testid=request-amount]").Locator("xpath=descendant-or-self::input").First.FillAsync("750");
        await Assertions.Expect(tom.Locator("[data-testid=request-new-budget]")).ToHaveTextAsync(Money.Reporting(Money.MicrosFromMajor(amountBefore + 750m)).Format());
        await tom.Locator("[data-testid=request-justification]").Locator("xpath=descendant-or-self::textarea").First.FillAsync("Black Friday week: the bot absorbs the ticket peak.");
        await tom.Locator("[data-testid=request-outcome]").Locator("xpath=descendant-or-self::input").First.FillAsync("+4,000 tickets resolved");
        await tom.ClickAsync("[data-testid=request-submit]");
        await tom.Locator("[data-testid=budget-requests]").Or(tom.Locator(".mud-snackbar")).First.WaitForAsync();

        // Mia sees it waiting for her (the demo's own request too), with the unit's trend, state and forecast beside it.
        var mia = await SignInAsync(browser, factory, "manager", "approvals");
        await Assertions.Expect(mia.Locator("[data-testid=approvals-waiting]")).ToHaveTextAsync("2");
        var card = mia.Locator("[data-testid=request-card]", new() { HasTextString = "+$750.00" });
        await card.WaitForAsync();
        (await card.InnerTextAsync()).ShouldContain("Black Friday week");
        (await card.Locator("[data-testid=sparkline]").CountAsync()).ShouldBe(1);
        await mia.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine("artifacts", "approvals-manager.png"), FullPage = true });
        await card.Locator("[data-testid=request-approve]").ClickAsync();
        await mia.Locator("[data-testid=decide-dialog]").WaitForAsync();
        await mia.ClickAsync("[data-testid=decide-submit]");
        await Assertions.Expect(mia.Locator("[data-testid=request-card]", new() { HasTextString = "+$750.00" })).ToHaveCountAsync(0);
        await Assertions.Expect(mia.Locator("[data-testid=approvals-waiting]")).ToHaveTextAsync("1");

        // The budget moved by exactly the increase: on the API, the gateways' check and Tom's budget page.
        var after = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray().Single(b => b.GetProperty("budgetId").GetInt32() == budgetId);
        after.GetProperty("budget").GetDecimal().ShouldBe(amountBefore + 750m);
        using var gateway = factory.CreateRealClient(DashboardFactory.CheckKey);
        JsonDocument.Parse(await gateway.GetStringAsync("api/v1/budgets/check?orgUnit=support-automation", Ct)).RootElement.GetProperty("budget").GetDecimal().ShouldBe(amountBefore + 750m);
        await tom.GotoAsync($"budgets/{budgetId}");
        await Assertions.Expect(tom.Locator("[data-testid=kpi-budget] .kpi-value")).ToHaveTextAsync(Money.Reporting(Money.MicrosFromMajor(amountBefore + 750m)).Format());

        // Tom's bell shows the decision.
        await Assertions.Expect(tom.Locator("[data-testid=bell-count]")).ToHaveTextAsync((tomBell + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await tom.ClickAsync("[data-testid=bell]");
        await tom.Locator("[data-testid=notification]").First.WaitForAsync();
        (await tom.Locator("[data-testid=notification][data-unread=true]").AllInnerTextsAsync())
            .ShouldContain(t => t.Contains("Approved: $750.00 more for Support Automation", StringComparison.Ordinal));

        // A viewer cannot open the approvals page.
        var vera = await SignInAsync(browser, factory, "viewer", "");
        await vera.GotoAsync("approvals");
        await vera.WaitForURLAsync(url => url.Contains("/access-denied", StringComparison.Ordinal));
        (await vera.Locator("[data-testid=nav-approvals]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_approval_for_less_reads_approved_x_of_y_and_a_one_stage_comment_shows_once()
    {
        await using var factory = new DashboardFactory();
        using var mia = factory.CreateRealClient();
        await SignIn.AsAsync(mia, "manager");
        var request = JsonDocument.Parse(await mia.GetStringAsync("api/v1/budget-requests?view=waitingForMe", Ct)).RootElement.EnumerateArray().First();
        var asked = request.GetProperty("amount").GetDecimal();
        var granted = decimal.Round(asked / 2, 2);
        var approved = await mia.PostAsync($"api/v1/budget-requests/{request.GetProperty("id").GetInt32()}/approve",
            System.Net.Http.Json.JsonContent.Create(new { amount = granted, comment = "Half now, the rest after the peak." }), Ct);
        approved.IsSuccessStatusCode.ShouldBeTrue(await approved.Content.ReadAsStringAsync(Ct));

        var tom = await SignInAsync(browser, factory, "teamlead", "approvals");
        await tom.Locator("[data-testid=tab-mine]").ClickAsync();
        var card = tom.Locator("[data-testid=request-card][data-status=Approved]");
        await card.First.WaitForAsync();
        (await card.First.Locator("[data-testid=request-headline]").InnerTextAsync())
            .ShouldEndWith($"Approved {Money.Reporting(Money.MicrosFromMajor(granted)).Format()} of {Money.Reporting(Money.MicrosFromMajor(asked)).Format()}");
        var text = await card.First.InnerTextAsync();
        System.Text.RegularExpressions.Regex.Matches(text, "Half now, the rest after the peak").Count.ShouldBe(1);
        await tom.Context.CloseAsync();
    }

    [Fact]
    public async Task The_requesters_open_budget_page_and_request_card_follow_a_decision_made_elsewhere()
    {
        await using var factory = new DashboardFactory();
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var budget = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray()
            .Single(b => b.GetProperty("orgUnit").GetString() == "support-automation");
        var budgetId = budget.GetProperty("budgetId").GetInt32();

        // Tom's budget page (requests tab) and his request card on Approvals stay open while Mia decides over the API.
        var tom = await SignInAsync(browser, factory, "teamlead", $"budgets/{budgetId}");
        var amountBefore = await tom.Locator("[data-testid=kpi-budget] .kpi-value").InnerTextAsync();
        await tom.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Requests") }).ClickAsync();
        var row = tom.Locator("[data-testid=budget-requests] tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("Pending");
        var card = await SignInAsync(browser, factory, "teamlead", "approvals");
        await card.Locator("[data-testid=tab-mine]").ClickAsync();
        var request = card.Locator("[data-testid=request-card]").First;
        await Assertions.Expect(request.Locator("[data-testid=request-status]")).Not.ToHaveTextAsync("Approved");

        using var mia = factory.CreateRealClient();
        await SignIn.AsAsync(mia, "manager");
        var waiting = JsonDocument.Parse(await mia.GetStringAsync("api/v1/budget-requests?view=waitingForMe", Ct)).RootElement.EnumerateArray()
            .Single(r => r.GetProperty("budgetId").GetInt32() == budgetId);
        var asked = waiting.GetProperty("amount").GetDecimal();
        var response = await mia.PostAsync($"api/v1/budget-requests/{waiting.GetProperty("id").GetInt32()}/approve",
            new StringContent("{\"comment\":\"For the peak\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));

        await Assertions.Expect(row).ToContainTextAsync("Approved", new() { Timeout = 15_000 });
        await Assertions.Expect(tom.Locator("[data-testid=kpi-budget] .kpi-value")).Not.ToHaveTextAsync(amountBefore);
        (await tom.Locator("[data-testid=kpi-budget] .kpi-value").InnerTextAsync()).ShouldBe(
            Money.Reporting(Money.MicrosFromMajor(decimal.Parse(amountBefore.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture) + asked)).Format());
        await Assertions.Expect(request.Locator("[data-testid=request-status]")).ToHaveTextAsync("Approved", new() { Timeout = 15_000 });
        // The card's budget is the budget with the increase, and it no longer says what it would be "if approved".
        var after = await tom.Locator("[data-testid=kpi-budget] .kpi-value").InnerTextAsync();
        await Assertions.Expect(request).ToContainTextAsync($"of {after}", new() { Timeout = 15_000 });
        await Assertions.Expect(request).Not.ToContainTextAsync("If approved");
    }
}
