using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Approvals;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>
/// Two nodes on one PostgreSQL database (the PostgreSQL pass of the suite; SQLite is one process's file): spend that changes
/// on one reaches the other's budget check within two seconds, through LISTEN/NOTIFY; reservations and approvals spread over
/// both are decided by the database, exactly once.
/// </summary>
[Collection(nameof(SoloCollection))] // timed: measured alone, not under the parallel suite's load
public class NodesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Spend_that_changes_on_one_node_reaches_the_other_nodes_budget_check_within_two_seconds()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "two nodes share a server database: this runs in the PostgreSQL pass");
        var (first, second) = await TwoNodesWithALabAsync();
        await using var _ = first;
        await using var __ = second;
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
    public async Task Fifty_reservations_spread_over_two_nodes_against_ten_dollars_allow_exactly_ten()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "two nodes share a server database: this runs in the PostgreSQL pass");
        var (first, second) = await TwoNodesWithALabAsync();
        await using var _ = first;
        await using var __ = second;
        using var one = first.CreateRealClient(DashboardFactory.CheckKey);
        using var other = second.CreateRealClient(DashboardFactory.CheckKey);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var response = await (i % 2 == 0 ? one : other).PostAsync("api/v1/budgets/reserve",
                new StringContent(JsonSerializer.Serialize(new { orgUnit = "gw-lab", amount = 1.00m, requestId = $"spread-{i}" }), Encoding.UTF8, "application/json"), Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        }));

        var allowed = answers.Where(a => a.GetProperty("allowed").GetBoolean()).ToList();
        allowed.Count.ShouldBe(10, "the database decides, not either node's memory");
        allowed.Select(a => a.GetProperty("reservationId").GetString()).Distinct().Count().ShouldBe(10);
        (await first.Services.GetRequiredService<BudgetLedger>().OpenCountAsync(Ct)).ShouldBe(10);
        (await RemainingAsync(one), await RemainingAsync(other)).ShouldBe((0m, 0m));

        // Released on the other node than the one that made it: room again on both at once, and only $1 of it.
        // Which node won which reservation is the race's: release one on the node that did not make it.
        var (made, madeOn) = answers.Select((a, i) => (a, i)).Where(x => x.a.GetProperty("allowed").GetBoolean())
            .Select(x => (x.a.GetProperty("reservationId").GetString(), x.i % 2 == 0 ? one : other)).First();
        (await (madeOn == one ? other : one).PostAsync($"api/v1/budgets/reservations/{made}/release", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await RemainingAsync(one), await RemainingAsync(other)).ShouldBe((1m, 1m));
        var again = await Task.WhenAll(new[] { one, other }.Select(async client => JsonDocument.Parse(await (await client.PostAsync("api/v1/budgets/reserve",
            new StringContent(JsonSerializer.Serialize(new { orgUnit = "gw-lab", amount = 1.00m }), Encoding.UTF8, "application/json"), Ct)).Content.ReadAsStringAsync(Ct)).RootElement));
        again.Count(a => a.GetProperty("allowed").GetBoolean()).ShouldBe(1);
    }

    [Fact]
    public async Task Approvals_racing_on_two_nodes_make_exactly_one_decision()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "two nodes share a server database: this runs in the PostgreSQL pass");
        var (first, second) = await TwoNodesWithALabAsync();
        await using var _ = first;
        await using var __ = second;
        int pending;
        await using (var db = await first.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
            pending = await db.BudgetRequests.Where(r => r.Status == BudgetRequestStatus.Pending).Select(r => r.Id).SingleAsync(Ct); // the demo's request to Mia
        var mia = DemoPersonas.Principal(DemoPersonas.Find("manager")!, "Test");

        using var start = new Barrier(6);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var node = i % 2 == 0 ? first : second;
            start.SignalAndWait(Ct);
            try
            {
                await node.Services.GetRequiredService<ApprovalsService>().ApproveAsync(mia, pending, null, $"attempt {i}", Ct);
                return (string?)null;
            }
            catch (BudgetRequestConflictException ex)
            {
                return ex.Message;
            }
        }, Ct)));

        outcomes.Count(o => o is null).ShouldBe(1, "exactly one approval wins, whichever node it reached");
        outcomes.Where(o => o is not null).ShouldAllBe(o => o!.StartsWith("Already approved by mia.manager@demo.local at ", StringComparison.Ordinal));
        await using (var db = await second.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            (await db.BudgetRequests.SingleAsync(r => r.Id == pending, Ct)).Status.ShouldBe(BudgetRequestStatus.Approved);
            (await db.BudgetAdjustments.CountAsync(a => a.RequestId == pending, Ct)).ShouldBe(1, "one decision, one adjustment");
        }
    }

    [Fact]
    public async Task A_key_made_on_one_node_works_on_the_other_and_its_revocation_counts_there_at_once()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "two nodes share a server database: this runs in the PostgreSQL pass");
        var (first, second) = await TwoNodesWithALabAsync();
        await using var _ = first;
        await using var __ = second;
        using var admin = first.CreateRealClient(DashboardFactory.AdminKey);
        var made = JsonDocument.Parse(await (await admin.PostAsync("api/v1/api-keys",
            new StringContent(JsonSerializer.Serialize(new { name = "node test", scopes = new[] { "budgets:check" } }), Encoding.UTF8, "application/json"), Ct))
            .Content.ReadAsStringAsync(Ct)).RootElement;
        using var elsewhere = second.CreateRealClient(made.GetProperty("key").GetString());
        (await elsewhere.GetAsync("api/v1/budgets/check?orgUnit=gw-lab", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "made a moment ago on the other node");

        (await admin.DeleteAsync($"api/v1/api-keys/{made.GetProperty("id").GetInt32()}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var watch = Stopwatch.StartNew();
        var status = await Poll.UntilAsync(async () => (await elsewhere.GetAsync("api/v1/budgets/check?orgUnit=gw-lab", Ct)).StatusCode,
            s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(3));
        TestContext.Current.TestOutputHelper?.WriteLine($"the other node refused the revoked key after {watch.ElapsedMilliseconds} ms");
        status.ShouldBe(HttpStatusCode.Unauthorized);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
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

    [Fact]
    public async Task A_connection_another_worker_is_syncing_waits_until_that_run_stops_beating()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "the lease is for shared databases: this runs in the PostgreSQL pass");
        await using var node = new DashboardFactory();
        node.StartServer();
        var dbFactory = node.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        var now = node.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        int connection;
        long other;
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            connection = await db.Connections.Where(c => c.Kind == ProviderKind.Simulated).Select(c => c.Id).FirstAsync(Ct);
            // Another worker's run of the same connection, beating now.
            var run = new SyncRun { ConnectionId = connection, Trigger = SyncTrigger.Schedule, StartedUtc = now, Status = SyncRunStatus.Running, HeartbeatUtc = now };
            db.SyncRuns.Add(run);
            await db.SaveChangesAsync(Ct);
            other = run.Id;
        }

        var sync = node.Services.GetRequiredService<AiGateway.Dashboard.Features.Sync.SyncService>();
        var mine = sync.RunAsync(connection, SyncTrigger.Manual, Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        mine.IsCompleted.ShouldBeFalse("the connection is another worker's while its run beats");

        // That worker dies: its beat grows older than Jobs:HeartbeatTimeout, and the waiting run goes ahead.
        var timeout = node.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AiGateway.Dashboard.Configuration.JobsOptions>>().Value.HeartbeatTimeout;
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
            await db.SyncRuns.Where(r => r.Id == other).ExecuteUpdateAsync(u => u.SetProperty(r => r.HeartbeatUtc, now - timeout - TimeSpan.FromSeconds(1)), Ct);
        var done = await mine.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        done.Status.ShouldBe(SyncRunStatus.Succeeded, done.Error);
    }

    /// <summary>Two nodes on one database (a fresh one of their own), with a team "gw-lab" whose hard-limited monthly budget is $10, both evaluated.</summary>
    [Fact]
    public async Task Rewrites_of_one_days_gateway_estimates_on_two_nodes_wait_for_each_other()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "two nodes share a server database: this runs in the PostgreSQL pass");
        var (first, second) = await TwoNodesWithALabAsync();
        await using var _ = first;
        await using var __ = second;
        using var usage = first.CreateRealClient(DashboardFactory.UsageKey);
        (await usage.PostAsync("api/v1/usage", new StringContent(JsonSerializer.Serialize(new
        {
            events = new[] { new { id = "node-est", timestamp = "2026-12-15T09:30:00Z", provider = "OpenAI", model = "gpt-4o-mini", orgUnit = "gw-lab", project = "proj_gw_lab", outputTokens = 2_000_000 } },
        }), Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var day = new DateOnly(2026, 12, 15);
        async Task<(int Rows, long Micros)> EstimatesAsync()
        {
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
            var rows = await db.CostRecords.Where(r => r.Kind == CostKind.UsageEstimated && r.UsageDate == day).ToListAsync(Ct);
            return (rows.Count, rows.Sum(r => r.CostMicros));
        }
        var before = await Poll.UntilAsync(EstimatesAsync, e => e.Rows > 0);
        before.Micros.ShouldBe(1_200_000);

        // Eight rewrites of that day at once, alternating nodes, each in its own transaction (as a re-cost and the refresher do).
        async Task RewriteAsync(DashboardFactory node)
        {
            await using var db = await node.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            var gateway = await AiGateway.Dashboard.Features.Usage.EstimateWriter.ConnectionIdAsync(db, new DateTime(2026, 12, 15, 10, 0, 0, DateTimeKind.Utc), Ct);
            await AiGateway.Dashboard.Features.Usage.EstimateWriter.RefreshAsync(db, Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(tx), gateway, new DateWindow(day, day), Ct);
            await tx.CommitAsync(Ct);
        }
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => RewriteAsync(i % 2 == 0 ? first : second)));

        (await EstimatesAsync()).ShouldBe(before);
    }

    private static async Task<(DashboardFactory First, DashboardFactory Second)> TwoNodesWithALabAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aigw-nodes-{Guid.NewGuid():N}.db");
        var keys = Path.Combine(Path.GetTempPath(), $"aigw-nodes-keys-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Dashboard"] = $"Data Source={path}", ["DataProtection:KeyFolder"] = keys };
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero));
        var first = new DashboardFactory(settings) { Clock = clock };
        first.StartServer();
        var second = new DashboardFactory(settings) { Clock = clock };
        second.StartServer();
        await using (var db = await first.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            var unit = new OrgUnit { Code = "gw-lab", Name = "Gateway Lab", Kind = OrgUnitKind.Team };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync(Ct);
            db.Budgets.Add(new Budget { OrgUnitId = unit.Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = 10 * Money.MicrosPerUnit, HardLimit = true });
            await db.SaveChangesAsync(Ct);
        }
        foreach (var node in new[] { first, second }) await node.Services.GetRequiredService<BudgetEvaluator>().EvaluateAsync(Ct, fireAlerts: false);
        return (first, second);
    }

    private static async Task<decimal> RemainingAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("api/v1/budgets/check?orgUnit=gw-lab", Ct)).RootElement.GetProperty("remaining").GetDecimal();
}
