using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>Bad input gets a clear 400 naming what is wrong, never a 500, and stores nothing.</summary>
public class BadInputTests(SharedDashboard dashboard)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("api/v1/reports/monthly/9999-12", "month")]
    [InlineData("api/v1/reports/monthly/1999-12", "month")]
    [InlineData("api/v1/reports/monthly/20261", "month")]
    [InlineData("api/v1/exports/detail?from=9999-12-01&to=9999-12-31&format=csv", "from")]
    [InlineData("api/v1/exports/focus?from=0001-01-01&to=0001-01-31", "from")]
    [InlineData("api/v1/spend?from=9999-12-31&to=9999-12-31", "from")]
    public async Task Absurd_dates_are_a_400_naming_the_parameter(string path, string parameter)
    {
        using var reader = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var response = await reader.GetAsync(path, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Ct));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("title").GetString()!.ShouldContain($"'{parameter}'");
    }

    [Fact]
    public async Task Control_characters_and_overlong_text_in_a_budget_request_are_refused_and_nothing_is_stored()
    {
        await using var factory = new DashboardFactory();
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var budgetId = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray()
            .Single(b => b.GetProperty("orgUnit").GetString() == "support-automation").GetProperty("budgetId").GetInt32();
        using var tom = factory.CreateRealClient();
        await SignIn.AsAsync(tom, "teamlead");
        var before = JsonDocument.Parse(await tom.GetStringAsync("api/v1/budget-requests?view=mine", Ct)).RootElement.GetArrayLength();

        foreach (var (field, body) in new (string, object)[]
        {
            ("justification", new { budgetId, amount = 10m, justification = "peak\0week" }),
            ("justification", new { budgetId, amount = 10m, justification = new string('x', 4_001) }),
            ("expectedOutcome", new { budgetId, amount = 10m, justification = "peak week", expectedOutcome = "more \u001b[31m tickets" }),
        })
        {
            var response = await tom.PostAsJsonAsync("api/v1/budget-requests", body, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("title").GetString().ShouldBe($"Invalid field '{field}'");
        }
        JsonDocument.Parse(await tom.GetStringAsync("api/v1/budget-requests?view=mine", Ct)).RootElement.GetArrayLength().ShouldBe(before);

        // Line breaks in a justification are fine.
        (await tom.PostAsJsonAsync("api/v1/budget-requests", new { budgetId, amount = 10m, justification = "Peak week.\nTwo lines." }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Outcome_batches_with_missing_fields_or_huge_text_are_refused_over_http_and_store_nothing()
    {
        await using var factory = new DashboardFactory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        var db = factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        async Task<int> CountsAsync() { await using var c = await db.CreateDbContextAsync(Ct); return await c.OutcomeCounts.CountAsync(Ct); }
        var before = await CountsAsync();

        var missing = await gateway.PostAsJsonAsync("api/v1/outcomes", new { items = new[] { new { orgUnit = "search", metric = "Answers accepted", unit = "answers" } } }, Ct);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync(Ct)).ShouldContain("date is required");
        var huge = await gateway.PostAsJsonAsync("api/v1/outcomes", new { items = new[] { new { orgUnit = "search", metric = "Answers accepted", unit = new string('u', 1_000_000), date = factory.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), count = 5 } } }, Ct);
        huge.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await huge.Content.ReadAsStringAsync(Ct)).Length.ShouldBeLessThan(2_000, "the refusal does not echo the megabyte back");
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_org_unit_with_hundreds_of_metrics_keeps_its_page_small_with_the_rest_behind_a_button()
    {
        await using var factory = new DashboardFactory();
        _ = factory.BaseAddress;
        var db = factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using (var context = await db.CreateDbContextAsync(Ct))
        {
            // A database from before the cap of 50 metrics per unit.
            var search = await context.OrgUnits.SingleAsync(u => u.Code == "search", Ct);
            var metrics = Enumerable.Range(0, 300).Select(i => new OutcomeMetric { OrgUnitId = search.Id, Name = $"Legacy metric {i:000}", Unit = "things" }).ToList();
            context.OutcomeMetrics.AddRange(metrics);
            await context.SaveChangesAsync(Ct);
            context.OutcomeCounts.AddRange(metrics.SelectMany(m => Enumerable.Range(0, 30).Select(d => new OutcomeCount { MetricId = m.Id, Date = factory.Today.AddDays(-d), Count = m.Id })));
            await context.SaveChangesAsync(Ct);
        }
        using var finance = factory.CreateRealClient();
        await SignIn.AsAsync(finance, "finance");
        var html = System.Net.WebUtility.HtmlDecode(await finance.GetStringAsync("units/search", Ct));

        html.Length.ShouldBeLessThan(500_000);
        System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"outcome-summary\"").Count.ShouldBe(5);
        html.ShouldContain("Legacy metric 299", Case.Sensitive, "the top metric by this month's count is charted");
        html.ShouldContain("295 more metrics");
    }
}
