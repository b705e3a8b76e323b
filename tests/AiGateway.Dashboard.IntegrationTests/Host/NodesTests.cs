using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>
/// Two nodes on one PostgreSQL database: spend that changes on one reaches the other's budget check within two
/// seconds, through LISTEN/NOTIFY (the PostgreSQL pass of the suite; SQLite is one process's file).
/// </summary>
[Collection(nameof(SoloCollection))] // timed: measured alone, not under the parallel suite's load
public class NodesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Spend_that_changes_on_one_node_reaches_the_other_nodes_budget_check_within_two_seconds()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "two nodes share a server database: this runs in the PostgreSQL pass");
        var path = Path.Combine(Path.GetTempPath(), $"aigw-nodes-{Guid.NewGuid():N}.db");
        var keys = Path.Combine(Path.GetTempPath(), $"aigw-nodes-keys-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Dashboard"] = $"Data Source={path}", ["DataProtection:KeyFolder"] = keys };
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero));
        await using var first = new DashboardFactory(settings) { Clock = clock };
        first.StartServer();
        await using var second = new DashboardFactory(settings) { Clock = clock };
        second.StartServer();

        // A unit with a hard-limited $10 budget, known to both nodes.
        await using (var db = await first.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            var unit = new OrgUnit { Code = "gw-lab", Name = "Gateway Lab", Kind = OrgUnitKind.Team };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync(Ct);
            db.Budgets.Add(new Budget { OrgUnitId = unit.Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = 10 * Money.MicrosPerUnit, HardLimit = true });
            await db.SaveChangesAsync(Ct);
        }
        foreach (var node in new[] { first, second }) await node.Services.GetRequiredService<BudgetEvaluator>().EvaluateAsync(Ct, fireAlerts: false);
        using var otherCheck = second.CreateRealClient(DashboardFactory.CheckKey);
        (await RemainingAsync(otherCheck)).ShouldBe(10m);

        // A gateway reports $1.20 of usage to the first node: the second node's check follows.
        using var usage = first.CreateRealClient(DashboardFactory.UsageKey);
        var watch = Stopwatch.StartNew();
        (await usage.PostAsync("api/v1/usage", new StringContent(JsonSerializer.Serialize(new
        {
            events = new[] { new { id = "node-1", timestamp = "2026-12-15T09:30:00Z", provider = "OpenAI", model = "gpt-4o-mini", orgUnit = "gw-lab", project = "proj_gw_lab", outputTokens = 2_000_000 } },
        }), Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var remaining = await Poll.UntilAsync(() => RemainingAsync(otherCheck), r => r == 8.80m, TimeSpan.FromSeconds(2));
        watch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"the other node's check agreed after {watch.ElapsedMilliseconds} ms");
        remaining.ShouldBe(8.80m, "within two seconds of the batch");
    }

    [Fact]
    public async Task A_run_on_a_shared_database_beats_so_a_killed_worker_can_be_told_from_a_slow_one()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "heartbeats are for shared databases: this runs in the PostgreSQL pass");
        await using var node = new DashboardFactory();
        node.StartServer();
        int connection;
        await using (var db = await node.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
            connection = await db.Connections.Where(c => c.Kind == ProviderKind.Simulated).Select(c => c.Id).FirstAsync(Ct);

        var run = await node.Services.GetRequiredService<AiGateway.Dashboard.Features.Sync.SyncService>().RunAsync(connection, SyncTrigger.Manual, Ct);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.HeartbeatUtc.ShouldNotBeNull("the run beat when it started");
        run.HeartbeatUtc.Value.ShouldBeGreaterThanOrEqualTo(run.StartedUtc);
    }

    private static async Task<decimal> RemainingAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("api/v1/budgets/check?orgUnit=gw-lab", Ct)).RootElement.GetProperty("remaining").GetDecimal();
}
