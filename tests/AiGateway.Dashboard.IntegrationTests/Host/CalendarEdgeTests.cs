using System.Globalization;
using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>
/// The app on the days that break date code: the 1st (nothing yet this month), the last day of a month, the
/// last day of the year and 29 February — the demo seed, the Overview, the budgets and the reports, whatever day
/// the suite itself runs.
/// </summary>
public class CalendarEdgeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2026-12-01T00:20:00Z")]
    [InlineData("2026-11-30T23:40:00Z")]
    [InlineData("2026-12-31T12:00:00Z")]
    [InlineData("2028-02-29T09:00:00Z")]
    public async Task On_a_calendar_edge_the_seed_overview_budgets_and_reports_hold(string instant)
    {
        var clock = new ShiftedTimeProvider(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture));
        await using var factory = new DashboardFactory { Clock = clock };
        var today = factory.Today;
        var thisMonth = Period.Containing(PeriodKind.Monthly, today);
        var lastMonth = thisMonth.Previous();
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);

        // The seed's 90 days end today by the app's clock, and its first sync succeeded.
        // By usage date: today also holds, as booked, the demo's credit to its closed month.
        var days = JsonDocument.Parse(await reader.GetStringAsync($"api/v1/spend?from={today.AddDays(-89):yyyy-MM-dd}&to={today:yyyy-MM-dd}&groupBy=day&basis=usage", Ct)).RootElement;
        var dates = days.GetProperty("rows").EnumerateArray().Select(r => DateOnly.Parse(r.GetProperty("day").GetString()!, CultureInfo.InvariantCulture)).ToList();
        // The running day holds its whole hours so far (none at 00:20).
        dates.Max().ShouldBe(clock.GetUtcNow().Hour == 0 ? today.AddDays(-1) : today);
        dates.Min().ShouldBe(today.AddDays(-89));

        // Budgets stand in the period that holds today, with the days left counted to its end.
        var budgets = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray().ToList();
        budgets.ShouldNotBeEmpty();
        foreach (var monthly in budgets.Where(b => b.GetProperty("periodKind").GetString() == "Monthly"))
        {
            monthly.GetProperty("period").GetString().ShouldBe(thisMonth.Label);
            monthly.GetProperty("remainingDays").GetInt32().ShouldBe(thisMonth.End.DayNumber - today.DayNumber, "days after today");
            // Before three complete days there is no forecast: a budget is over or "too early to tell", never "on track".
            if (today.Day - 1 < Forecast.MinimumDays) monthly.GetProperty("state").GetString().ShouldBeOneOf("Over", "TooEarly");
        }

        // The Overview renders its month to date for Finance (zero-safe on the 1st).
        using var finance = factory.CreateRealClient();
        await SignIn.AsAsync(finance, "finance");
        var overview = await finance.GetAsync("", Ct);
        overview.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await overview.Content.ReadAsStringAsync(Ct)).ShouldContain("data-testid=\"kpi-mtd\"");

        // Last month's workbook was archived at start and downloads; this month's too, partial as it is.
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            (await db.ReportArchives.CountAsync(a => a.Month == lastMonth.Start, Ct)).ShouldBe(1);
        }
        foreach (var month in new[] { lastMonth, thisMonth })
        {
            var workbook = await reader.GetAsync($"api/v1/reports/monthly/{month.Start:yyyy-MM}", Ct);
            workbook.StatusCode.ShouldBe(HttpStatusCode.OK, $"{month.Label}: {await workbook.Content.ReadAsStringAsync(Ct)}");
            (await workbook.Content.ReadAsByteArrayAsync(Ct)).Length.ShouldBeGreaterThan(1_000);
        }
    }
}
