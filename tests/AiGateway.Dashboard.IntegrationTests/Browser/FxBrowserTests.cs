using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// Finance on Exchange rates, on the demo (its Azure OpenAI rows are billed in EUR): the demo's rates, a corrected rate
/// that re-converts the day's EUR spend (every total follows), a bad file refused with its line, and a Viewer who cannot reach the page.
/// </summary>
public class FxBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Finance_corrects_a_rate_and_the_days_euro_spend_is_converted_again()
    {
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 11, 18, 15, 0, 0, TimeSpan.Zero)) };
        using var api = factory.CreateRealClient(DashboardFactory.SpendKey);
        const string day = "2026-11-17"; // a Tuesday: its own rate
        async Task<decimal> AzureOnAsync() =>
            (await api.GetFromJsonAsync<JsonElement>($"api/v1/spend?from={day}&to={day}&groupBy=provider&kind=billed", TestContext.Current.CancellationToken))
                .GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("provider").GetString() == "AzureOpenAI").GetProperty("cost").GetDecimal();
        var before = await AzureOnAsync();

        var page = await browser.SignedInAsync(factory.BaseAddress, "finance");
        await page.GotoAsync("fx");
        await Circuit.LiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=fx-rates]")).ToContainTextAsync("demo (ECB-like)");
        var demoRate = await page.Locator("[data-testid=fx-rate-row]", new() { HasText = day }).Locator("td").Nth(2).InnerTextAsync();

        await page.Locator("[data-testid=fx-day]").Locator("xpath=descendant-or-self::input").First.FillAsync(day);
        await page.Locator("[data-testid=fx-rate]").Locator("xpath=descendant-or-self::input").First.FillAsync("2");
        await page.ClickAsync("[data-testid=fx-save]");

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("1 rate(s) saved");
        await Assertions.Expect(page.Locator("[data-testid=fx-rate-row]", new() { HasText = day })).ToContainTextAsync("fay.finance@demo.local");
        // The day's EUR spend, as billed, is now worth 2 USD per EUR instead of the demo's rate (rounding within a micro per row).
        var after = await AzureOnAsync();
        var expected = before / decimal.Parse(demoRate, System.Globalization.CultureInfo.InvariantCulture) * 2m;
        Math.Abs(after - expected).ShouldBeLessThan(0.001m);

        await page.Locator("[data-testid=fx-file]").SetInputFilesAsync(new FilePayload { Name = "rates.csv", MimeType = "text/csv", Buffer = "day,from,to,rate\n2026-11-16,EUR,USD,1.05\n2026-11-16,EUR,USD,x\n"u8.ToArray() });
        await Assertions.Expect(page.Locator("[data-testid=fx-error]")).ToContainTextAsync("Line 3: column 4 (rate) 'x' is not a number");
    }

    [Fact]
    public async Task Rows_waiting_for_a_rate_are_said_on_every_total_until_finance_enters_it()
    {
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 11, 18, 15, 0, 0, TimeSpan.Zero)) };
        const string day = "2026-11-16";
        // As a sync leaves them when no rate is known for the day: kept, flagged, counting nothing.
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            await db.FxRates.Where(r => r.Day == new DateOnly(2026, 11, 16)).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
            await db.CostRecords.Where(r => r.OriginalCurrency == "EUR" && r.UsageDate == new DateOnly(2026, 11, 16))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Unconverted, true).SetProperty(r => r.CostMicros, 0L), TestContext.Current.CancellationToken);
            await RollupBuilder.RebuildAllAsync(db, TestContext.Current.CancellationToken);
        }
        using var api = factory.CreateRealClient(DashboardFactory.SpendKey);
        var spend = await api.GetFromJsonAsync<JsonElement>($"api/v1/spend?from={day}&to={day}", TestContext.Current.CancellationToken);
        spend.GetProperty("unconverted")[0].GetProperty("description").GetString().ShouldBe($"no EUR→USD rate for {day}");

        var page = await browser.SignedInAsync(factory.BaseAddress, "finance");
        await page.GotoAsync($"explore?range=custom&from={day}&to={day}");
        await Assertions.Expect(page.Locator("[data-testid=fx-gap-notice]")).ToContainTextAsync($"no EUR→USD rate for {day}");
        await page.GotoAsync("");
        await Assertions.Expect(page.Locator("[data-testid=fx-gap-notice]")).ToContainTextAsync("wait for an exchange rate");
        await page.GotoAsync("fx");
        await Circuit.LiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=fx-gap]")).ToContainTextAsync($"no EUR→USD rate for {day}");

        await page.Locator("[data-testid=fx-day]").Locator("xpath=descendant-or-self::input").First.FillAsync(day);
        await page.Locator("[data-testid=fx-rate]").Locator("xpath=descendant-or-self::input").First.FillAsync("1.05");
        await page.ClickAsync("[data-testid=fx-save]");
        // The day's EUR rows (one per model and project) are converted at the entered rate; nothing waits any more.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("4 spend row(s) re-converted");
        await Assertions.Expect(page.Locator("[data-testid=fx-gaps]")).ToHaveCountAsync(0);
        (await api.GetFromJsonAsync<JsonElement>($"api/v1/spend?from={day}&to={day}", TestContext.Current.CancellationToken)).GetProperty("unconverted").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_viewer_cannot_open_exchange_rates()
    {
        await using var factory = new DashboardFactory();
        var page = await browser.SignedInAsync(factory.BaseAddress, "viewer");
        await page.GotoAsync("fx");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Add or correct rates");
        (await page.Locator("[data-testid=fx-rates]").CountAsync()).ShouldBe(0);
    }
}
