using AiGateway.Dashboard.IntegrationTests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// Finance on the Books page, on 3 December: the demo's closed October with its credit, closing November early
/// (the caution and the confirmation), reopening it with a reason; Explore's basis toggle; axe at phone and desktop.
/// </summary>
public class BooksBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Finance_closes_last_month_early_with_a_confirmation_and_reopens_it_with_a_reason()
    {
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)) };
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync("books");
        await page.ClickAsync("[data-testid=persona-finance]");
        await Circuit.LiveAsync(page);

        var october = page.Locator("[data-testid=books-row][data-month='2026-10']");
        await Assertions.Expect(october.Locator("[data-testid=books-status]")).ToHaveTextAsync("Closed");
        await Assertions.Expect(october.Locator("[data-testid=books-restated]")).ToHaveTextAsync("-$125.00");
        await Assertions.Expect(page.Locator("[data-testid=books-row][data-month='2026-12'] [data-testid=books-booked]")).ToHaveTextAsync("-$125.00");
        (await page.Locator("[data-testid=books-adjustment]").First.InnerTextAsync()).ShouldStartWith("credit of 2026-10 found 2026-12-03: -$125.00, Support bot");

        var november = page.Locator("[data-testid=books-row][data-month='2026-11']");
        await november.Locator("[data-testid=books-close]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=books-cautions]")).ToContainTextAsync("before day 10 of the next month (2026-12-10)");
        await Assertions.Expect(page.Locator("[data-testid=books-close-confirm]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=books-confirm]").Locator("xpath=descendant-or-self::input").First.CheckAsync();
        await page.ClickAsync("[data-testid=books-close-confirm]");
        await Assertions.Expect(november.Locator("[data-testid=books-status]")).ToHaveTextAsync("Closed", new() { Timeout = 30_000 });
        await Assertions.Expect(november).ToContainTextAsync("closed early (confirmed)");

        // axe with the success message showing, once its fade-in is over.
        await page.Locator(".mud-snackbar").WaitForAsync();
        await page.WaitForTimeoutAsync(1_000);
        var found = new List<string>();
        foreach (var (width, height) in new[] { (390, 844), (1400, 1000) })
        {
            await page.SetViewportSizeAsync(width, height);
            var result = await page.RunAxe();
            found.AddRange(result.Violations.Where(v => v.Impact is "critical" or "serious").Select(v => $"books @{width}px: {v.Id} {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Html + " " + string.Join(";", n.Any.Select(c => c.Message))))}"));
        }
        found.ShouldBeEmpty();

        await november.Locator("[data-testid=books-reopen]").ClickAsync();
        await page.Locator("[data-testid=books-reason]").Locator("xpath=descendant-or-self::textarea").First.FillAsync("A credit note arrived after the close");
        await page.ClickAsync("[data-testid=books-reopen-confirm]");
        await Assertions.Expect(november.Locator("[data-testid=books-status]")).ToHaveTextAsync("Open");
        await Assertions.Expect(november).ToContainTextAsync("A credit note arrived after the close");

        // Explore by usage date moves the October credit out of December's total (and back as booked).
        await page.GotoAsync("explore?range=custom&from=2026-12-01&to=2026-12-03");
        await Circuit.LiveAsync(page);
        var total = page.Locator("[data-testid=explore-total]");
        await total.WaitForAsync();
        var booked = await total.InnerTextAsync();
        await page.GotoAsync("explore?range=custom&from=2026-12-01&to=2026-12-03&basis=usage");
        await Assertions.Expect(total).Not.ToHaveTextAsync(booked);
        (await page.Locator("[data-testid=basis]").InnerTextAsync()).ShouldContain("By usage date");
        Directory.CreateDirectory("artifacts");
        await page.ScreenshotAsync(new() { Path = "artifacts/books-explore-usage.png" });
    }
}
