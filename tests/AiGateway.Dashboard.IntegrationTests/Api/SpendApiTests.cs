using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Demo;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Providers.Simulated;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

public class SpendApiTests(SharedDashboard dashboard)
{
    private async Task<(ProviderConnection Connection, SyncRun Run)> DemoSyncAsync()
    {
        var factory = dashboard.Factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var connection = await db.Connections.SingleAsync(c => c.Name == DemoSeeder.ConnectionName, TestContext.Current.CancellationToken);
        var run = await db.SyncRuns.Where(r => r.ConnectionId == connection.Id).OrderBy(r => r.Id).FirstAsync(TestContext.Current.CancellationToken);
        return (connection, run);
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    private static long Micros(JsonElement number) => Money.MicrosFromMajor(number.GetDecimal());

    /// <summary>
    /// The generator's rows as the sync stores them: the demo bills its Azure OpenAI rows in EUR, converted at the demo's
    /// rates (the conversion rule itself is unit-tested on its own, FxTableTests).
    /// </summary>
    private static IEnumerable<CostRecord> Generated(ProviderConnection connection, DateWindow window, SyncRun run)
    {
        var rows = new SimulatedSpendGenerator(SimulatedSettings.FromJson(connection.Settings)).Generate(window, new DateTimeOffset(run.StartedUtc, TimeSpan.Zero)).ToList();
        new FxTable(SimulatedFx.Rates(window, run.StartedUtc)).ConvertRows(rows, Money.Usd).ShouldBeEmpty();
        return rows;
    }

    [Fact]
    public async Task The_demo_sync_ran_through_the_real_pipeline_at_start()
    {
        var (connection, run) = await DemoSyncAsync();
        connection.Kind.ShouldBe(ProviderKind.Simulated);
        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.Trigger.ShouldBe(SyncTrigger.Startup);
        run.Window.Days.ShouldBe(90);
        run.RowsWritten.ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public async Task Spend_totals_equal_the_simulated_generator_to_the_micro_unit()
    {
        var (connection, run) = await DemoSyncAsync();
        var generated = Generated(connection, run.Window, run).ToList();

        var json = await GetJsonAsync($"api/v1/spend?from={run.WindowFrom:yyyy-MM-dd}&to={run.WindowTo:yyyy-MM-dd}&groupBy=provider");

        json.GetProperty("currency").GetString().ShouldBe("USD");
        Micros(json.GetProperty("total")).ShouldBe(generated.Sum(r => r.CostMicros));
        var byProvider = json.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("provider").GetString()!, r => r);
        byProvider.Keys.ShouldBe(generated.Select(r => r.Provider.ToString()).Distinct(), ignoreOrder: true);
        foreach (var group in generated.GroupBy(r => r.Provider.ToString()))
        {
            Micros(byProvider[group.Key].GetProperty("cost")).ShouldBe(group.Sum(r => r.CostMicros), group.Key);
            byProvider[group.Key].GetProperty("inputTokens").GetInt64().ShouldBe(group.Sum(r => r.InputTokens));
            byProvider[group.Key].GetProperty("outputTokens").GetInt64().ShouldBe(group.Sum(r => r.OutputTokens));
            byProvider[group.Key].GetProperty("requests").GetInt64().ShouldBe(group.Sum(r => r.Requests));
        }
    }

    [Fact]
    public async Task Spend_by_day_and_model_matches_the_generator_for_every_day()
    {
        var (connection, run) = await DemoSyncAsync();
        var from = run.WindowTo.AddDays(-13);
        var generated = Generated(connection, new DateWindow(from, run.WindowTo), run).ToList();

        // By usage date: the demo's credit to its closed month sits on the day it corrects, as the provider reports it.
        var json = await GetJsonAsync($"api/v1/spend?from={from:yyyy-MM-dd}&to={run.WindowTo:yyyy-MM-dd}&groupBy=day,model&basis=usage");

        var rows = json.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("day").GetString()!, r.GetProperty("model").GetString()!), r => Micros(r.GetProperty("cost")));
        var expected = generated.GroupBy(r => (r.UsageDate.ToString("yyyy-MM-dd"), r.Model)).ToDictionary(g => g.Key, g => g.Sum(r => r.CostMicros));
        rows.ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task Spend_by_org_unit_names_units_with_their_code_and_shows_unallocated()
    {
        var (_, run) = await DemoSyncAsync();
        var json = await GetJsonAsync($"api/v1/spend?from={run.WindowFrom:yyyy-MM-dd}&to={run.WindowTo:yyyy-MM-dd}&groupBy=orgUnit");

        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        rows.Count(r => r.GetProperty("orgUnit").GetString() == "Unallocated").ShouldBe(1);
        rows.Single(r => r.GetProperty("orgUnit").GetString() == "Unallocated").TryGetProperty("orgUnitCode", out var code).ShouldBeFalse(code.ToString());
        rows.ShouldContain(r => r.GetProperty("orgUnit").GetString() == "Support bot" && r.GetProperty("orgUnitCode").GetString() == "support-bot");
        rows.Sum(r => Micros(r.GetProperty("cost"))).ShouldBe(Micros(json.GetProperty("total")));
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401_problem_details()
    {
        using var client = dashboard.Factory.CreateRealClient();
        var response = await client.GetAsync("api/v1/spend", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Fact]
    public async Task A_wrong_key_answers_401()
    {
        using var client = dashboard.Factory.CreateRealClient("not-a-key");
        var response = await client.GetAsync("api/v1/spend", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("The API key is not valid.");
    }

    [Fact]
    public async Task A_key_without_the_scope_answers_403_problem_details()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.UsageKey);
        var response = await client.GetAsync("api/v1/spend", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_signed_in_finance_user_reads_all_spend_like_a_key_does()
    {
        var (_, run) = await DemoSyncAsync();
        var url = $"api/v1/spend?from={run.WindowFrom:yyyy-MM-dd}&to={run.WindowTo:yyyy-MM-dd}";
        using var client = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(client, "finance");
        var asFinance = JsonDocument.Parse(await client.GetStringAsync(url, TestContext.Current.CancellationToken)).RootElement;
        var asKey = await GetJsonAsync(url);
        asFinance.GetProperty("total").GetDecimal().ShouldBe(asKey.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task A_team_lead_reads_only_their_own_units_through_the_api()
    {
        var (connection, run) = await DemoSyncAsync();
        var url = $"api/v1/spend?from={run.WindowFrom:yyyy-MM-dd}&to={run.WindowTo:yyyy-MM-dd}";
        using var client = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(client, "teamlead"); // Support Automation

        var mine = JsonDocument.Parse(await client.GetStringAsync(url + "&groupBy=orgUnit", TestContext.Current.CancellationToken)).RootElement;
        var units = mine.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("orgUnitCode").GetString()).ToList();
        units.ShouldBe(["support-bot", "ticket-triage", "knowledge-base-writer"], ignoreOrder: true);
        var generated = Generated(connection, run.Window, run)
            .Where(r => r.ProjectId is "proj_support_bot" or "proj_ticket_triage" or "proj_kb_writer").Sum(r => r.CostMicros);
        Micros(mine.GetProperty("total")).ShouldBe(generated);

        var other = await client.GetAsync(url + "&orgUnit=search", TestContext.Current.CancellationToken);
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("not one of your org units");
        (await client.GetAsync(url + "&orgUnit=unallocated", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Filters_narrow_the_spend_exactly()
    {
        var (connection, run) = await DemoSyncAsync();
        var generated = Generated(connection, run.Window, run).ToList();
        var from = $"from={run.WindowFrom:yyyy-MM-dd}&to={run.WindowTo:yyyy-MM-dd}";

        Micros((await GetJsonAsync($"api/v1/spend?{from}&provider=Anthropic")).GetProperty("total"))
            .ShouldBe(generated.Where(r => r.Provider == ProviderKind.Anthropic).Sum(r => r.CostMicros));
        Micros((await GetJsonAsync($"api/v1/spend?{from}&model=o3-2025-04-16,gpt-4o-2024-08-06")).GetProperty("total"))
            .ShouldBe(generated.Where(r => r.Model is "o3-2025-04-16" or "gpt-4o-2024-08-06").Sum(r => r.CostMicros));
        Micros((await GetJsonAsync($"api/v1/spend?{from}&project=proj_hr_assistant")).GetProperty("total"))
            .ShouldBe(generated.Where(r => r.ProjectId == "proj_hr_assistant").Sum(r => r.CostMicros));
        Micros((await GetJsonAsync($"api/v1/spend?{from}&orgUnit=search")).GetProperty("total"))
            .ShouldBe(generated.Where(r => r.ProjectId is "proj_search_ranking" or "proj_search_answers").Sum(r => r.CostMicros));
        Micros((await GetJsonAsync($"api/v1/spend?{from}&orgUnit=unallocated")).GetProperty("total"))
            .ShouldBe(generated.Where(r => r.ProjectId == "proj_image_studio").Sum(r => r.CostMicros));
        Micros((await GetJsonAsync($"api/v1/spend?{from}&connection={connection.Id}&provider=OpenAI&orgUnit=product-engineering")).GetProperty("total"))
            .ShouldBe(generated.Where(r => r.Provider == ProviderKind.OpenAI && r.ProjectId is not ("proj_report_gen" or "proj_sql_copilot" or "proj_campaign_copy" or "proj_image_studio" or "proj_hr_assistant")).Sum(r => r.CostMicros));
    }

    [Theory]
    [InlineData("from=2026-11-20&to=2026-11-01", "from")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("groupBy=provider,colour", "groupBy")]
    [InlineData("groupBy=1", "groupBy")]
    [InlineData("groupBy=month", "groupBy")]
    [InlineData("provider=Watson", "provider")]
    [InlineData("orgUnit=no-such-unit", "orgUnit")]
    [InlineData("connection=abc", "connection")]
    [InlineData("from=2000-01-01&to=2026-01-01", "to")]
    [InlineData("from=9999-12-31&to=9999-12-31", "from")]
    [InlineData("from=0001-01-01", "from")]
    [InlineData("from=2026-11-01&to=9999-11-30", "to")]
    public async Task Bad_parameters_answer_400_naming_the_parameter(string query, string parameter)
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var response = await client.GetAsync("api/v1/spend?" + query, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
        problem.GetProperty("title").GetString()!.ShouldContain(parameter);
    }

    [Fact]
    public async Task An_empty_range_is_zero_not_an_error()
    {
        var json = await GetJsonAsync("api/v1/spend?from=2001-01-01&to=2001-01-31&groupBy=provider");
        json.GetProperty("total").GetDecimal().ShouldBe(0m);
        json.GetProperty("rows").GetArrayLength().ShouldBe(0);
    }
}
