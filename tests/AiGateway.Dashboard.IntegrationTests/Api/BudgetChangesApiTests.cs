using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>The budgets API for changes: create, change from a period on, periods with their history, delete.</summary>
public class BudgetChangesApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_key_with_budgets_write_creates_and_changes_a_budget_from_a_period_on_and_the_past_keeps_its_amount()
    {
        await using var factory = new DashboardFactory();
        using var planner = factory.CreateRealClient(DashboardFactory.BudgetsKey);
        var month = Period.Containing(PeriodKind.Monthly, factory.Today);

        var created = await JsonAsync(await planner.PostAsJsonAsync("api/v1/budgets", new
        {
            orgUnit = "search-answers", periodKind = "monthly", amount = 250_000m, firstPeriod = Day(month.Previous().Start),
            thresholds = new[] { 50, 90 }, forecastAlert = true, hardLimit = false, notifyFinance = false,
        }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        created.GetProperty("firstPeriod").GetString().ShouldBe(Day(month.Previous().Start));
        created.GetProperty("thresholds").EnumerateArray().Select(t => t.GetInt32()).ShouldBe([50, 90]);
        created.GetProperty("warnings").EnumerateArray().Single().GetString()!.ShouldStartWith($"Exceeds Search's $");
        created.GetProperty("warnings").EnumerateArray().Single().GetString()!.ShouldEndWith($"for {month.Label}");

        var changed = await JsonAsync(await planner.PutAsJsonAsync($"api/v1/budgets/{id}", new { amount = 300_000m, effectiveFrom = Day(month.Next().Start) }, Ct), HttpStatusCode.OK);
        changed.GetProperty("amountHistory").EnumerateArray().Select(c => (c.GetProperty("effectiveFrom").GetString(), c.GetProperty("amount").GetDecimal()))
            .ShouldBe([(Day(month.Previous().Start), 250_000m), (Day(month.Next().Start), 300_000m)]);

        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var periods = (await JsonAsync(await reader.GetAsync($"api/v1/budgets/{id}/periods?from={Day(month.Previous().Previous().Start)}&to={Day(month.Next().End)}", Ct), HttpStatusCode.OK))
            .EnumerateArray().ToList();
        periods.Select(p => p.GetProperty("period").GetString()).ShouldBe([month.Previous().Label, month.Label, month.Next().Label], "no period before the first");
        periods.Select(p => p.GetProperty("budget").GetDecimal()).ShouldBe([250_000m, 250_000m, 300_000m]);
        var spent = periods[0].GetProperty("actual").GetDecimal();
        periods[0].GetProperty("variance").GetDecimal().ShouldBe(250_000m - spent);
        periods[0].GetProperty("baseAmount").GetDecimal().ShouldBe(250_000m);

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        var idText = id.ToString(CultureInfo.InvariantCulture);
        (await db.AuditEvents.Where(a => a.EntityType == "Budget" && a.EntityId == idText).Select(a => a.Actor).Distinct().ToListAsync(Ct)).ShouldBe(["api-key:budget-planner"]);
    }

    [Fact]
    public async Task Bad_fields_are_400_by_name_a_second_budget_is_409_and_other_callers_are_refused()
    {
        await using var factory = new DashboardFactory();
        using var planner = factory.CreateRealClient(DashboardFactory.BudgetsKey);
        var month = Period.Containing(PeriodKind.Monthly, factory.Today);
        async Task<string?> RefusedAsync(object body, HttpStatusCode status = HttpStatusCode.BadRequest) =>
            (await JsonAsync(await planner.PostAsJsonAsync("api/v1/budgets", body, Ct), status)).GetProperty("title").GetString();

        (await RefusedAsync(new { orgUnit = "search", periodKind = "monthly", amount = 10m }, HttpStatusCode.Conflict)).ShouldBe("Budget exists");
        (await RefusedAsync(new { orgUnit = "search", periodKind = "weekly", amount = 10m })).ShouldBe("Invalid field 'periodKind'");
        (await RefusedAsync(new { orgUnit = "nowhere", periodKind = "monthly", amount = 10m })).ShouldBe("Invalid field 'orgUnit'");
        (await RefusedAsync(new { orgUnit = "search-answers", periodKind = "monthly", amount = -5m })).ShouldBe("Invalid field 'amount'");
        (await RefusedAsync(new { orgUnit = "search-answers", periodKind = "monthly", amount = 5m, firstPeriod = Day(month.Start.AddDays(9)) })).ShouldBe("Invalid field 'firstPeriod'");
        (await RefusedAsync(new { orgUnit = "search-answers", periodKind = "monthly", amount = 5m, firstPeriod = "9999-12-01" })).ShouldBe("Invalid field 'firstPeriod'");

        var searchId = JsonDocument.Parse(await factory.CreateRealClient(DashboardFactory.SpendKey).GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray()
            .Single(b => b.GetProperty("orgUnit").GetString() == "search").GetProperty("budgetId").GetInt32();
        (await JsonAsync(await planner.PutAsJsonAsync($"api/v1/budgets/{searchId}", new { amount = 10m, effectiveFrom = Day(month.Previous().Start) }, Ct), HttpStatusCode.BadRequest))
            .GetProperty("detail").GetString()!.ShouldContain("is a past period");
        (await planner.PutAsJsonAsync("api/v1/budgets/999999", new { amount = 10m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        (await reader.PostAsJsonAsync("api/v1/budgets", new { orgUnit = "search-answers", periodKind = "monthly", amount = 5m }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.DeleteAsync($"api/v1/budgets/{searchId}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var vera = factory.CreateRealClient();
        await SignIn.AsAsync(vera, "viewer");
        (await vera.DeleteAsync($"api/v1/budgets/{searchId}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Finance deletes, signed in (with the antiforgery header); the deletion is audited with her name.
        using var fay = factory.CreateRealClient();
        await SignIn.AsAsync(fay, "finance");
        (await fay.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/v1/budgets/{searchId}") { Content = JsonContent.Create(new { }) }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        (await db.AuditEvents.SingleAsync(a => a.Action == "budget.deleted", Ct)).Actor.ShouldBe("fay.finance@demo.local");
    }

    [Fact]
    public async Task The_demo_budgets_start_with_the_data_and_their_earlier_periods_kept_the_amount_they_had()
    {
        await using var factory = new DashboardFactory();
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var budget = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray()
            .Single(b => b.GetProperty("orgUnit").GetString() == "corporate-it");
        var month = Period.Containing(PeriodKind.Monthly, factory.Today);
        var dataStart = factory.Today.AddDays(-89);
        var periods = (await JsonAsync(await reader.GetAsync($"api/v1/budgets/{budget.GetProperty("budgetId").GetInt32()}/periods?from=2026-01-01&to={Day(month.End)}", Ct), HttpStatusCode.OK))
            .EnumerateArray().ToList();

        periods[0].GetProperty("start").GetString().ShouldBe(Day(Period.Containing(PeriodKind.Monthly, dataStart).Start), "the first period is when the data starts");
        if (dataStart.Day != 1) periods[0].GetProperty("dataFrom").GetString().ShouldBe(Day(dataStart));
        periods[^1].GetProperty("budget").GetDecimal().ShouldBe(budget.GetProperty("budget").GetDecimal());
        periods[0].GetProperty("budget").GetDecimal().ShouldNotBe(periods[^1].GetProperty("budget").GetDecimal(), "the amount changed this month; earlier periods kept theirs");
    }
}
