using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Fx;

/// <summary>
/// An installation reporting in EUR (<c>Reporting:Currency</c>): the demo's USD bills are converted at each day's rate, its
/// EUR bills are kept as billed, list prices (USD) are converted when usage is priced, and every surface says EUR.
/// </summary>
[Collection(nameof(SoloCollection))]
public class ReportingCurrencyTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_euro_installation_reports_every_figure_in_euro()
    {
        try
        {
            await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Reporting:Currency"] = "eur" });
            using var api = factory.CreateRealClient(DashboardFactory.SpendKey);
            var today = factory.Today;
            var from = today.AddDays(-30);

            await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
            {
                var rows = await db.CostRecords.AsNoTracking().Where(r => r.UsageDate >= from && r.RestatedDate == null && r.Kind == CostKind.Billed).ToListAsync(Ct);
                rows.ShouldAllBe(r => r.Currency == "EUR");
                // Billed in EUR (the simulated Azure OpenAI): kept as billed, to the micro-unit.
                var euro = rows.Where(r => r.OriginalCurrency == "EUR").ToList();
                euro.ShouldNotBeEmpty();
                euro.ShouldAllBe(r => r.CostMicros == r.OriginalMicros && !r.Unconverted);
                // Billed in USD: converted by the inverse of the day's EUR→USD rate (or the latest earlier one), rounded once per connection and day.
                var rates = new FxTable(await db.FxRates.AsNoTracking().ToListAsync(Ct));
                var dollarDays = rows.Where(r => r.OriginalCurrency == "USD" && !r.Unconverted).GroupBy(r => (r.ConnectionId, r.UsageDate)).ToList();
                dollarDays.Count.ShouldBeGreaterThan(20);
                foreach (var day in dollarDays)
                {
                    var eurUsd = rates.Find("EUR", "USD", day.Key.UsageDate)!.Rate;
                    var exact = day.Sum(r => (decimal)r.OriginalMicros) / eurUsd;
                    Math.Abs(day.Sum(r => r.CostMicros) - exact).ShouldBeLessThanOrEqualTo(0.5m, $"{day.Key}");
                }
            }

            using var spend = await api.GetFromJsonAsync<JsonDocument>($"api/v1/spend?from={from:yyyy-MM-dd}&to={today:yyyy-MM-dd}&groupBy=provider", Ct);
            var body = spend!.RootElement;
            body.GetProperty("currency").GetString().ShouldBe("EUR");
            var providerRows = body.GetProperty("rows").EnumerateArray().ToList();
            providerRows.ShouldAllBe(r => r.GetProperty("currency").GetString() == "EUR");
            providerRows.Sum(r => r.GetProperty("cost").GetDecimal()).ShouldBe(body.GetProperty("total").GetDecimal());

            // A token estimate priced by the catalog (USD list prices) is held in EUR: 1M input + 1M output of gpt-4o-mini = $0.75.
            using var gateway = factory.CreateRealClient(DashboardFactory.CheckKey);
            using var reserve = await gateway.PostAsJsonAsync("api/v1/budgets/reserve",
                new { orgUnit = "search", provider = "OpenAI", model = "gpt-4o-mini", inputTokens = 1_000_000, outputTokens = 1_000_000 }, Ct);
            reserve.StatusCode.ShouldBe(HttpStatusCode.OK, await reserve.Content.ReadAsStringAsync(Ct));
            var held = (await reserve.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("amount").GetDecimal();
            await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
            {
                var eurUsd = new FxTable(await db.FxRates.AsNoTracking().ToListAsync(Ct)).Find("EUR", "USD", today)!.Rate;
                held.ShouldBe(decimal.Round(0.75m / eurUsd, 6, MidpointRounding.ToEven));
            }

            // The pages say EUR: the Overview's month total and the chart's axis.
            var page = await browser.NewPageAsync(factory.BaseAddress);
            await page.GotoAsync("");
            await page.ClickAsync("[data-testid=persona-finance]");
            await Circuit.LiveAsync(page);
            var kpis = await Poll.TextsAsync(page.Locator("[data-testid^=kpi-]"), t => t.Count > 0);
            kpis.ShouldContain(t => t.Contains(" EUR", StringComparison.Ordinal));
            kpis.ShouldNotContain(t => t.Contains('$'));
            await page.GotoAsync("explore?range=last90&groupBy=provider");
            await Circuit.LiveAsync(page);
            var axis = await Poll.UntilAsync(async () => await page.Locator("[data-testid=explore-chart] svg").First.TextContentAsync() ?? "", t => t.Contains("EUR", StringComparison.Ordinal));
            axis.ShouldContain(" EUR");
            axis.ShouldNotContain("$");
            (await page.Locator("[data-testid=explore-total] strong").InnerTextAsync()).ShouldEndWith(" EUR");
            await page.CloseAsync();
        }
        finally
        {
            // The next host in this process starts in USD again; make sure nothing in between sees EUR.
            ReportingCurrency.Use(Money.Usd);
        }
    }

    [Fact]
    public async Task A_database_with_figures_in_dollars_refuses_to_start_in_euro()
    {
        using var database = new RestartableDatabase();
        var settings = database.Settings;
        try
        {
            await using (var dollars = new DashboardFactory(settings)) dollars.StartServer();
            await using var euro = new DashboardFactory(new Dictionary<string, string?>(settings) { ["Reporting:Currency"] = "EUR" });
            var error = Should.Throw<DashboardConfigurationException>(() => euro.StartServer());
            error.Key.ShouldBe("Reporting:Currency");
            error.Message.ShouldContain("this database's figures are in USD");
        }
        finally
        {
            ReportingCurrency.Use(Money.Usd);
        }
    }
}
