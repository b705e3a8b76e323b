using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Anthropic;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>The Anthropic client against a real HTTP server on loopback serving our fixtures.</summary>
public class AnthropicClientTests
{
    private const string AdminKey = "sk-ant-admin01-test-secret-Q4w2";

    private static async Task<(SyncHarness Harness, LoopbackServer Server, ProviderConnection Connection)> ArrangeAsync()
    {
        var server = await LoopbackServer.StartAsync();
        ProviderFakes.MapAnthropic(server);
        var harness = await SyncHarness.CreateAsync();
        var connection = await harness.AddConnectionAsync(ProviderKind.Anthropic, backfillDays: 3, baseUrl: server.BaseAddress, secret: AdminKey);
        return (harness, server, connection);
    }

    [Fact]
    public async Task Paging_across_three_pages_lands_cents_as_dollars_to_the_micro_unit()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        server.Count("/v1/organizations/cost_report").ShouldBe(3);
        var expected = Fixtures.AnthropicCostByDay(ProviderFakes.AnthropicCostPages);
        (await h.BilledMicrosByDayAsync(connection.Id)).ShouldBe(expected, ignoreOrder: true);
        // "54.702" + "0.1" cents = $0.54802; "123.78912" + "30.0" + "0.00005" cents = $1.5378917 → 1,537,892 micros.
        expected[new DateOnly(2026, 11, 18)].ShouldBe(548_020);
        expected[new DateOnly(2026, 11, 19)].ShouldBe(1_537_892);
        expected[new DateOnly(2026, 11, 20)].ShouldBe(30_000_000); // "1500" cents twice, split by context window
    }

    [Fact]
    public async Task Fractional_cents_stay_within_a_micro_of_their_exact_value_per_row()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        await using var db = h.Db.CreateDbContext();
        var rows = await db.CostRecords.Where(r => r.Kind == CostKind.Billed).ToListAsync(TestContext.Current.CancellationToken);
        rows.Single(r => r.LineItem == "Claude Haiku 4.5 Usage - Output Tokens [0-200k]").CostMicros.ShouldBe(1_000); // "0.1" cents
        rows.Single(r => r.LineItem!.StartsWith("Claude Sonnet 4.5 Usage - Output Tokens", StringComparison.Ordinal)).CostMicros.ShouldBeInRange(1_237_891, 1_237_892);
        rows.Single(r => r.LineItem == "Code Execution Usage").CostMicros.ShouldBeInRange(0, 1);
        rows.Single(r => r.LineItem == "Claude Haiku 4.5 Usage - Output Tokens [0-200k]").ProjectId.ShouldBe(AnthropicBillingClient.DefaultWorkspace);
    }

    [Fact]
    public async Task Requests_use_bracketed_arrays_rfc3339_times_and_the_version_header()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        var cost = server.Requests.First(r => r.Path == "/v1/organizations/cost_report");
        Uri.UnescapeDataString(cost.Query).ShouldContain("group_by[]=workspace_id&group_by[]=description");
        Uri.UnescapeDataString(cost.Query).ShouldContain("starting_at=2026-11-18T00:00:00Z");
        Uri.UnescapeDataString(cost.Query).ShouldContain("ending_at=2026-11-21T00:00:00Z");
        cost.Headers["x-api-key"].ShouldBe(AdminKey);
        cost.Headers["anthropic-version"].ShouldBe("2023-06-01");
        cost.Headers.ContainsKey("Authorization").ShouldBeFalse();
        Uri.UnescapeDataString(server.Requests.First(r => r.Path == "/v1/organizations/usage_report/messages").Query)
            .ShouldContain("group_by[]=workspace_id&group_by[]=model&group_by[]=api_key_id");
        server.Requests.Where(r => r.Path == "/v1/organizations/cost_report").Last().Query.ShouldContain("page=page_MjAyNi0xMS0yMFQwMDowMDowMFo%3D");
    }

    [Fact]
    public async Task Usage_counts_cache_reads_and_both_cache_writes_as_input()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        await using var db = h.Db.CreateDbContext();
        var sonnet = await db.CostRecords.SingleAsync(r => r.Kind == CostKind.UsageEstimated && r.ApiKeyId == "apikey_01KmXyZ8fQ2r", TestContext.Current.CancellationToken);
        sonnet.InputTokens.ShouldBe(182_340 + 611_200 + 24_500 + 1_000);
        sonnet.CachedInputTokens.ShouldBe(611_200);
        sonnet.CacheWriteTokens.ShouldBe(25_500);
        sonnet.OutputTokens.ShouldBe(40_125);
        sonnet.CostMicros.ShouldBe(0);
        var names = await db.ProviderEntities.ToDictionaryAsync(e => e.ExternalId, e => e.Name, TestContext.Current.CancellationToken);
        names["wrkspc_01AbCdEfGh"].ShouldBe("Support Automation");
        names["apikey_01KmXyZ8fQ2r"].ShouldBe("Support Automation – support-bot prod");
    }

    [Fact]
    public async Task An_amount_that_is_not_a_number_fails_the_run_and_writes_nothing()
    {
        await using var server = await LoopbackServer.StartAsync();
        ProviderFakes.MapAnthropic(server);
        server.MapJson("/v1/organizations/cost_report", Fixtures.Read("Anthropic/cost-page3.json").Replace("\"1500\"", "\"fifteen\"", StringComparison.Ordinal));
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync(ProviderKind.Anthropic, backfillDays: 3, baseUrl: server.BaseAddress, secret: AdminKey);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("\"fifteen\"");
        (await h.RowCountAsync(connection.Id)).ShouldBe(0);
    }
}
