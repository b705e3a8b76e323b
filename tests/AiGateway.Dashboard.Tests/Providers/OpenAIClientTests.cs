using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Providers.OpenAI;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>The OpenAI client against a real HTTP server on loopback serving our fixtures.</summary>
public class OpenAIClientTests
{
    private const string AdminKey = "sk-admin-test-0000-secret-7Zq9";

    private static async Task<(SyncHarness Harness, LoopbackServer Server, ProviderConnection Connection)> ArrangeAsync(Func<string, string>? costPage = null)
    {
        var server = await LoopbackServer.StartAsync();
        ProviderFakes.MapOpenAI(server, costPage);
        var harness = await SyncHarness.CreateAsync();
        var connection = await harness.AddConnectionAsync(ProviderKind.OpenAI, backfillDays: 3, baseUrl: server.BaseAddress, secret: AdminKey);
        return (harness, server, connection);
    }

    [Fact]
    public async Task Paging_across_three_pages_lands_every_day_to_the_micro_unit()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        server.Count("/v1/organization/costs").ShouldBe(3);
        run.PagesFetched.ShouldBe(5); // 3 cost pages, completions, embeddings (images and audio absent)
        var expected = Fixtures.OpenAICostByDay(ProviderFakes.OpenAICostPages);
        (await h.BilledMicrosByDayAsync(connection.Id)).ShouldBe(expected, ignoreOrder: true);
        expected[new DateOnly(2026, 11, 18)].ShouldBe(5_507_512); // 4.1875 + 1.32 + 0.0000125 = 5.5075125, rounded once, half to even
        expected[new DateOnly(2026, 11, 19)].ShouldBe(19_845_680); // 12.3456789 + 0.0000015 + 7.5

        // The spend API's query gives the same per provider and day.
        var spend = await new SpendQueries(h.Db, h.Time).QueryAsync(new SpendQuery(new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 20),
            [SpendDimension.Provider, SpendDimension.Day]), TestContext.Current.CancellationToken);
        spend.ToDictionary(r => r.Key.Day!.Value, r => r.CostMicros).ShouldBe(expected, ignoreOrder: true);
        spend.ShouldAllBe(r => r.Key.Provider == ProviderKind.OpenAI);
    }

    [Fact]
    public async Task Requests_are_aligned_to_utc_midnight_grouped_and_authenticated_with_the_admin_key()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        var first = server.Requests.First(r => r.Path == "/v1/organization/costs");
        first.Query.ShouldContain("start_time=1794960000"); // 2026-11-18T00:00:00Z
        first.Query.ShouldContain("end_time=1795219200"); // 2026-11-21T00:00:00Z, exclusive
        first.Query.ShouldContain("bucket_width=1d");
        first.Query.ShouldContain("group_by=project_id&group_by=line_item");
        first.Headers["Authorization"].ShouldBe("Bearer " + AdminKey);
        server.Requests.Where(r => r.Path == "/v1/organization/costs").Skip(1).First().Query.ShouldContain("page=page_AAAAAGi1cwAAAAAAZ0KxgA%3D");
        server.Requests.First(r => r.Path == "/v1/organization/usage/completions").Query
            .ShouldContain("group_by=project_id&group_by=model&group_by=api_key_id");
    }

    [Fact]
    public async Task Usage_rows_carry_tokens_and_requests_and_never_add_to_the_billed_total()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        await using var db = h.Db.CreateDbContext();
        var usage = await db.CostRecords.Where(r => r.Kind == CostKind.UsageEstimated).ToListAsync(TestContext.Current.CancellationToken);
        usage.Sum(r => r.CostMicros).ShouldBe(0);
        usage.Sum(r => r.InputTokens).ShouldBe(1_675_000 + 8_750_000 + 96_000);
        usage.Sum(r => r.CachedInputTokens).ShouldBe(420_000);
        usage.Sum(r => r.CacheWriteTokens).ShouldBe(1_000);
        usage.Sum(r => r.OutputTokens).ShouldBe(132_000 + 400_000);
        usage.Sum(r => r.Requests).ShouldBe(913 + 2_100 + 40);
        usage.ShouldContain(r => r.ApiKeyId == "key_search_prod" && r.Model == "gpt-4o-2024-08-06" && r.ProjectId == "proj_search");
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(Fixtures.OpenAICostByDay(ProviderFakes.OpenAICostPages).Values.Sum());
    }

    [Fact]
    public async Task Line_items_name_the_model_and_tool_lines_keep_their_text()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        await using var db = h.Db.CreateDbContext();
        var billed = await db.CostRecords.Where(r => r.Kind == CostKind.Billed).ToListAsync(TestContext.Current.CancellationToken);
        billed.ShouldContain(r => r.LineItem == "o3-2025-04-16, cached input" && r.Model == "o3-2025-04-16");
        billed.ShouldContain(r => r.LineItem == "web search tool calls" && r.Model == "" && r.ProjectId == null);
        billed.ShouldNotContain(r => r.LineItem == "gpt-4o-mini-2024-07-18, input"); // amount: null bills nothing
        OpenAIBillingClient.ModelOf("gpt-4o-2024-08-06, input").ShouldBe("gpt-4o-2024-08-06");
        OpenAIBillingClient.ModelOf(null).ShouldBe("");
    }

    [Fact]
    public async Task Projects_and_keys_get_the_names_people_know()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        await using var db = h.Db.CreateDbContext();
        var names = await db.ProviderEntities.Where(e => e.ConnectionId == connection.Id).ToDictionaryAsync(e => e.ExternalId, TestContext.Current.CancellationToken);
        names["proj_search"].Name.ShouldBe("Search team");
        names["key_search_prod"].Name.ShouldBe("Search team – prod key");
        names["key_support_batch"].Name.ShouldBe("Support – sk-xyz...789");
        names["proj_support"].Archived.ShouldBeTrue();
        server.Requests.First(r => r.Path == "/v1/organization/projects").Query.ShouldContain("include_archived=true");
    }

    [Fact]
    public async Task A_restated_day_replaces_the_old_amounts()
    {
        var restated = false;
        var (h, server, connection) = await ArrangeAsync(page => restated && page.EndsWith("page3.json", StringComparison.Ordinal)
            ? Fixtures.Read(page).Replace("21.875", "19.5", StringComparison.Ordinal)
            : Fixtures.Read(page));
        await using var _ = h;
        await using var __ = server;
        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        restated = true;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        var byDay = await h.BilledMicrosByDayAsync(connection.Id);
        byDay[new DateOnly(2026, 11, 20)].ShouldBe(19_500_000 + 3_333_333);
        byDay[new DateOnly(2026, 11, 18)].ShouldBe(5_507_512);
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(await h.TotalMicrosAsync(connection.Id));
    }

    [Fact]
    public async Task Two_syncs_of_one_connection_at_once_leave_no_duplicates()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        var runs = await Task.WhenAll(
            Task.Run(() => h.Service.RunAsync(connection.Id, SyncTrigger.Manual, CancellationToken.None)),
            Task.Run(() => h.Service.RunAsync(connection.Id, SyncTrigger.Schedule, CancellationToken.None)));

        runs.ShouldAllBe(r => r.Status == SyncRunStatus.Succeeded);
        (await h.BilledMicrosByDayAsync(connection.Id)).ShouldBe(Fixtures.OpenAICostByDay(ProviderFakes.OpenAICostPages), ignoreOrder: true);
    }

    [Fact]
    public async Task Test_connection_says_what_works()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        var message = await h.Registry.For(ProviderKind.OpenAI).TestAsync(connection, AdminKey, TestContext.Current.CancellationToken);

        message.ShouldContain("admin key can read the organization");
        server.Requests.Single().Query.ShouldContain("limit=1");
    }
}
