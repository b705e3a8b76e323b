using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Admin;
using AiGateway.Dashboard.Features.Demo;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Providers.Simulated;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>
/// Month close over HTTP on a demo standing on 3 December: the rules of closing, and the invariant — a closed
/// month stays identical on the spend API, the workbook and the exports after a restatement and a rule change,
/// while the adjustment appears once in the open month.
/// </summary>
public class BooksApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly Period November = Period.Month(2026, 11);
    private static readonly Period December = Period.Month(2026, 12);
    private const long CreditMicros = 40_000_000;

    private static DashboardFactory Factory() => new() { Clock = new ShiftedTimeProvider(Now) };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every figure of November as the API, the workbook and the two exports give it.</summary>
    private static async Task<(string Spend, string Focus, string Detail, Dictionary<string, long> Workbook)> NovemberAsync(DashboardFactory factory, HttpClient client)
    {
        var spend = await client.GetStringAsync("api/v1/spend?from=2026-11-01&to=2026-11-30&groupBy=orgUnit,provider,model", Ct);
        var focus = await client.GetStringAsync("api/v1/exports/focus?from=2026-11-01&to=2026-11-30", Ct);
        var detail = await client.GetStringAsync("api/v1/exports/detail?from=2026-11-01&to=2026-11-30&format=csv", Ct);
        var report = await factory.Services.GetRequiredService<MonthlyReportQueries>().LoadAsync(November, Features.Spend.SpendScope.All, "All", Ct);
        var figures = MonthlyReportService.Figures(report);
        return (spend, focus, detail, figures);
    }

    private static async Task<decimal> TotalAsync(HttpClient client, Period month, string basis) =>
        (await JsonAsync(await client.GetAsync($"api/v1/spend?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}&basis={basis}", Ct), HttpStatusCode.OK))
            .GetProperty("total").GetDecimal();

    [Fact]
    public async Task A_closed_month_stays_identical_after_a_restatement_and_a_rule_change_and_the_adjustment_lands_once_in_the_open_month()
    {
        await using var factory = Factory();
        using var finance = factory.CreateRealClient();
        await SignIn.AsAsync(finance, "finance");
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);

        // Not yet: December is running; November before the 10th needs a confirmation.
        var running = await JsonAsync(await finance.PostAsJsonAsync("api/v1/periods/2026-12/close", new { }, Ct), HttpStatusCode.Conflict);
        running.GetProperty("detail").GetString().ShouldBe("2026-12 has not ended yet: it can be closed from 2027-01-01.");
        var early = await JsonAsync(await finance.PostAsJsonAsync("api/v1/periods/2026-11/close", new { }, Ct), HttpStatusCode.Conflict);
        early.GetProperty("title").GetString().ShouldBe("Confirmation needed");
        early.GetProperty("cautions").EnumerateArray().Select(c => c.GetString()).ShouldContain("It is before day 10 of the next month (2026-12-10), when providers have usually restated 2026-11.");
        (await JsonAsync(await reader.GetAsync("api/v1/periods/2026-11", Ct), HttpStatusCode.OK)).GetProperty("period").GetProperty("status").GetString().ShouldBe("open");

        var bookedBefore = await TotalAsync(reader, November, "booked");
        var decemberBefore = await TotalAsync(reader, December, "booked");
        var decemberUsageBefore = await TotalAsync(reader, December, "usage");
        var closed = await JsonAsync(await finance.PostAsJsonAsync("api/v1/periods/2026-11/close", new { confirmEarly = true }, Ct), HttpStatusCode.OK);
        closed.GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("closedBy").GetString().ShouldBe("fay.finance@demo.local");
        closed.GetProperty("closedTotal").GetDecimal().ShouldBe(bookedBefore);
        closed.GetProperty("closeConfirmation").GetString()!.ShouldContain("before day 10");
        var frozen = await NovemberAsync(factory, reader);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            (await db.ReportArchives.Where(a => a.Month == November.Start).OrderByDescending(a => a.Version).Select(a => a.Final).FirstAsync(Ct)).ShouldBeTrue();
        }

        // The provider credits a November day; a re-sync of November finds it. Then a rule moves a project to another unit.
        int connectionId, searchId;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            var connection = await db.Connections.SingleAsync(c => c.Name == DemoSeeder.ConnectionName, Ct);
            var settings = SimulatedSettings.FromJson(connection.Settings);
            connection.Settings = (settings with
            {
                Credits = [.. settings.Credits ?? [], new SimulatedCredit(new DateOnly(2026, 11, 12), "proj_search_ranking", "gpt-4o-mini-2024-07-18", CreditMicros, "test credit")],
            }).ToJson();
            await db.SaveChangesAsync(Ct);
            connectionId = connection.Id;
            searchId = (await db.OrgUnits.SingleAsync(u => u.Code == "search-answers", Ct)).Id;
        }
        using var admin = factory.CreateRealClient(DashboardFactory.AdminKey);
        var accepted = await JsonAsync(await admin.PostAsync($"api/v1/connections/{connectionId}/sync?from=2026-11-01&to=2026-11-30", null, Ct), HttpStatusCode.Accepted);
        var runId = accepted.GetProperty("runId").GetInt64();
        JsonElement run;
        do
        {
            await Task.Delay(100, Ct);
            run = await JsonAsync(await admin.GetAsync($"api/v1/sync-runs/{runId}", Ct), HttpStatusCode.OK);
        } while (run.GetProperty("status").GetString() == "Running");
        run.GetProperty("status").GetString().ShouldBe("Succeeded", run.ToString());
        run.GetProperty("window").GetProperty("from").GetString().ShouldBe("2026-11-01");
        run.GetProperty("window").GetProperty("to").GetString().ShouldBe("2026-11-30");
        run.GetProperty("adjustmentsBooked").GetInt32().ShouldBe(1);
        var allocation = factory.Services.GetRequiredService<AllocationService>();
        await allocation.SaveRuleAsync(new AllocationRule { Priority = 1, ProjectId = "proj_search_ranking", OrgUnitId = searchId }, "test", Ct);
        await allocation.ReallocateAsync("test", Ct);

        var after = await NovemberAsync(factory, reader);
        after.Spend.ShouldBe(frozen.Spend);
        after.Focus.ShouldBe(frozen.Focus);
        after.Detail.ShouldBe(frozen.Detail);
        after.Workbook.ShouldBe(frozen.Workbook);
        (await TotalAsync(reader, November, "booked")).ShouldBe(bookedBefore);
        (await TotalAsync(reader, November, "usage")).ShouldBe(bookedBefore - Money.Reporting(CreditMicros).ToMajor());
        (await TotalAsync(reader, December, "booked")).ShouldBe(decemberBefore - Money.Reporting(CreditMicros).ToMajor());
        (await TotalAsync(reader, December, "usage")).ShouldBe(decemberUsageBefore);
        var month = await JsonAsync(await reader.GetAsync("api/v1/periods/2026-11", Ct), HttpStatusCode.OK);
        month.GetProperty("period").GetProperty("restatedSinceClose").GetDecimal().ShouldBe(-Money.Reporting(CreditMicros).ToMajor());
        var line = month.GetProperty("restatements").EnumerateArray().ShouldHaveSingleItem();
        // Booked in open December, the adjustment follows the current rules: the new rule gave it to Search answers.
        line.GetProperty("description").GetString().ShouldBe("credit of 2026-11 found 2026-12-03: -$40.00, Search answers (OpenAI gpt-4o-mini-2024-07-18)");
        var december = await JsonAsync(await reader.GetAsync("api/v1/periods/2026-12", Ct), HttpStatusCode.OK);
        // December also holds the demo's own credit to October (closed by the seed).
        december.GetProperty("adjustmentsBooked").EnumerateArray().Select(a => (a.GetProperty("restatedPeriod").GetString(), a.GetProperty("amount").GetDecimal()))
            .OrderBy(a => a.Item1).ShouldBe([("2026-10", -125m), ("2026-11", -40m)]);
        // The December workbook lists it among the adjustments booked this month.
        var decemberReport = await factory.Services.GetRequiredService<MonthlyReportQueries>().LoadAsync(December, Features.Spend.SpendScope.All, "All", Ct);
        decemberReport.Books.AdjustmentsBooked.Single(a => a.Restated == November).CostMicros.ShouldBe(-CreditMicros);
        decemberReport.Books.Final.ShouldBeFalse();

        // Reopening needs a reason, then folds the adjustment back: November by usage again, December without it.
        var noReason = await JsonAsync(await finance.PostAsJsonAsync("api/v1/periods/2026-11/reopen", new { reason = " " }, Ct), HttpStatusCode.BadRequest);
        noReason.GetProperty("detail").GetString()!.ShouldContain("reason");
        var reopened = await JsonAsync(await finance.PostAsJsonAsync("api/v1/periods/2026-11/reopen", new { reason = "Credit note arrived after close" }, Ct), HttpStatusCode.OK);
        reopened.GetProperty("status").GetString().ShouldBe("open");
        reopened.GetProperty("reopenReason").GetString().ShouldBe("Credit note arrived after close");
        reopened.GetProperty("restatedSinceClose").GetDecimal().ShouldBe(0m);
        (await TotalAsync(reader, November, "booked")).ShouldBe(bookedBefore - 40m);
        (await TotalAsync(reader, December, "booked")).ShouldBe(decemberBefore);
    }

    [Fact]
    public async Task Only_Finance_or_a_books_close_key_may_close_only_Finance_may_reopen_and_a_bad_month_is_a_clear_400()
    {
        await using var factory = Factory();
        using var closer = factory.CreateRealClient(DashboardFactory.BooksKey);
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        using var manager = factory.CreateRealClient();
        await SignIn.AsAsync(manager, "manager");

        (await reader.PostAsJsonAsync("api/v1/periods/2026-11/close", new { confirmEarly = true }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await manager.PostAsJsonAsync("api/v1/periods/2026-11/close", new { confirmEarly = true }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await manager.GetAsync("api/v1/periods", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bad = await JsonAsync(await closer.PostAsJsonAsync("api/v1/periods/2026-13/close", new { }, Ct), HttpStatusCode.BadRequest);
        bad.GetProperty("parameter").GetString().ShouldBe("month");

        var closed = await JsonAsync(await closer.PostAsJsonAsync("api/v1/periods/2026-11/close", new { confirmEarly = true }, Ct), HttpStatusCode.OK);
        closed.GetProperty("closedBy").GetString().ShouldBe("api-key:close-automation");
        var again = await JsonAsync(await closer.PostAsJsonAsync("api/v1/periods/2026-11/close", new { confirmEarly = true }, Ct), HttpStatusCode.Conflict);
        again.GetProperty("detail").GetString().ShouldBe("2026-11 is already closed.");
        (await closer.PostAsJsonAsync("api/v1/periods/2026-11/reopen", new { reason = "try" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The demo closed the month before last, with its credit booked today; the list says both.
        var months = await JsonAsync(await reader.GetAsync("api/v1/periods", Ct), HttpStatusCode.OK);
        var october = months.EnumerateArray().Single(m => m.GetProperty("period").GetString() == "2026-10");
        october.GetProperty("status").GetString().ShouldBe("closed");
        october.GetProperty("restatedSinceClose").GetDecimal().ShouldBe(-125m);
        months.EnumerateArray().Single(m => m.GetProperty("period").GetString() == "2026-12").GetProperty("adjustmentsBooked").GetDecimal().ShouldBe(-125m);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        (await db.AuditEvents.CountAsync(a => a.Action == "books.closed" && a.Actor == "api-key:close-automation", Ct)).ShouldBe(1);
    }

    [Theory]
    [InlineData("from=2026-11-30&to=2026-11-01", "from", "is after")]
    [InlineData("from=2026-11-01", "to", "give both")]
    [InlineData("from=2026-11-01&to=2026-12-04", "to", "in the future")]
    [InlineData("from=2026-08-01&to=2026-08-31", "from", "backfill limit of 90 days")]
    [InlineData("from=2026-11-1&to=2026-11-30", "from", "YYYY-MM-DD")]
    public async Task A_range_re_sync_outside_what_the_connection_allows_is_a_clear_400(string query, string parameter, string says)
    {
        await using var factory = Factory();
        using var admin = factory.CreateRealClient(DashboardFactory.AdminKey);
        int connectionId;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
            connectionId = (await db.Connections.SingleAsync(Ct)).Id;

        var problem = await JsonAsync(await admin.PostAsync($"api/v1/connections/{connectionId}/sync?{query}", null, Ct), HttpStatusCode.BadRequest);

        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
        problem.GetProperty("detail").GetString()!.ShouldContain(says, Case.Insensitive);
    }
}
