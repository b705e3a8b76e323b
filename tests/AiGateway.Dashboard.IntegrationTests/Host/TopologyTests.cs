using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>
/// The deployment the README promises, for real: PostgreSQL, two web nodes (<c>Jobs:Role=Web</c>) and two workers
/// (<c>Jobs:Role=Worker</c>), each the published app in a process of its own on a loopback port, and a fake OpenAI on
/// loopback. A sync asked of one web node runs on a worker; both web nodes show it and agree; reservations spread over
/// both are decided once; a worker killed with SIGKILL mid-sync leaves a failed run, no rows of its own, and the next
/// run succeeds on the other worker; scheduled jobs missed while every worker was down run once when one comes back.
/// </summary>
[Collection(nameof(SoloCollection))] // four processes and timings: alone, not under the parallel suite's load
public class TopologyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static void Say(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private const string AdminKey = "topology-admin-key-0123456789";
    private const string CheckKey = "topology-check-key-0123456789";
    private const string BudgetsKey = "topology-budgets-key-0123456789";
    private const string SpendKey = "topology-spend-key-0123456789";

    /// <summary>What the fake OpenAI bills, on the two UTC days before today (whatever today is): project, line item, amount.</summary>
    private static readonly (string Project, string LineItem, decimal Amount)[] Billed =
    [
        ("proj_search", "gpt-4o-2024-08-06, input", 21.875m),
        ("proj_search", "gpt-4o-2024-08-06, output", 7.123456m),
        ("proj_support", "gpt-4o-mini-2024-07-18, output", 3.333333m),
    ];

    [Fact]
    public async Task Two_web_nodes_and_two_workers_on_PostgreSQL_agree_decide_once_and_survive_a_killed_worker()
    {
        Assert.SkipWhen(DashboardFactory.PostgreSqlServer is null, "the topology runs on a server database: this runs in the PostgreSQL pass");
        Assert.SkipWhen(AppProcess.PublishedApp is null, "needs the published app (AIGW_TEST_PUBLISHED_APP): ./test.sh publishes it for the PostgreSQL pass");

        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime); // the processes run on the real clock
        DateOnly[] days = [today.AddDays(-2), today.AddDays(-1)];
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slow.SetResult();
        await using var fake = await LoopbackServer.StartAsync();
        MapOpenAI(fake, days, () => slow.Task);
        var billedTotal = Billed.Sum(b => b.Amount) * days.Length;
        var searchThisMonth = Billed.Where(b => b.Project == "proj_search").Sum(b => b.Amount) * days.Count(d => d.Year == today.Year && d.Month == today.Month);

        var database = $"aigw_topology_{Guid.NewGuid():N}"[..32];
        var connectionString = $"{DashboardFactory.PostgreSqlServer};Database={database}";
        var keys = Directory.CreateTempSubdirectory("aigw-topology-keys-");
        var nodes = new List<AppProcess>();
        try
        {
            Dictionary<string, string> Settings(string role) => new()
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Dashboard"] = connectionString,
                ["DataProtection__KeyFolder"] = keys.FullName,
                ["Auth__Mode"] = "Demo",
                ["Demo__Seed"] = "false",
                ["Demo__Gateway"] = "false",
                ["Jobs__Enabled"] = "true",
                ["Jobs__Role"] = role,
                ["Jobs__HeartbeatEvery"] = "00:00:02",
                ["Jobs__HeartbeatTimeout"] = "00:00:10",
                ["Api__Keys__0__Name"] = "automation", ["Api__Keys__0__Sha256"] = DashboardFactory.Sha256(AdminKey), ["Api__Keys__0__Scopes__0"] = "admin",
                ["Api__Keys__1__Name"] = "gateway", ["Api__Keys__1__Sha256"] = DashboardFactory.Sha256(CheckKey), ["Api__Keys__1__Scopes__0"] = "budgets:check",
                ["Api__Keys__2__Name"] = "planner", ["Api__Keys__2__Sha256"] = DashboardFactory.Sha256(BudgetsKey), ["Api__Keys__2__Scopes__0"] = "budgets:write",
                ["Api__Keys__3__Name"] = "bi", ["Api__Keys__3__Sha256"] = DashboardFactory.Sha256(SpendKey), ["Api__Keys__3__Scopes__0"] = "spend:read",
                ["Providers__Connections__0__Name"] = "OpenAI (topology)",
                ["Providers__Connections__0__Kind"] = "OpenAI",
                ["Providers__Connections__0__BaseUrl"] = fake.BaseAddress.ToString(),
                ["Providers__Connections__0__Secret"] = "sk-admin-topology-0123456789",
                ["Providers__Connections__0__BackfillDays"] = "3",
            };

            // The first worker creates the database and its schema; then a team whose spend a rule attributes to it.
            var watch = Stopwatch.StartNew();
            var worker1 = await AppProcess.StartAsync("worker-1", Settings("Worker"), Ct);
            nodes.Add(worker1);
            Say($"worker-1 up in {watch.ElapsedMilliseconds} ms (database created and migrated)");
            await using (var db = new PostgreSqlDashboardDbContext(new DbContextOptionsBuilder<PostgreSqlDashboardDbContext>().UseNpgsql(connectionString).Options))
            {
                var search = new OrgUnit { Code = "search", Name = "Search", Kind = OrgUnitKind.Team };
                db.OrgUnits.Add(search);
                await db.SaveChangesAsync(Ct);
                db.AllocationRules.Add(new AllocationRule { Priority = 1, OrgUnitId = search.Id, ProjectId = "proj_search" });
                await db.SaveChangesAsync(Ct);
            }
            watch.Restart();
            var started = await Task.WhenAll(
                AppProcess.StartAsync("worker-2", Settings("Worker"), Ct),
                AppProcess.StartAsync("web-1", Settings("Web"), Ct),
                AppProcess.StartAsync("web-2", Settings("Web"), Ct));
            nodes.AddRange(started);
            var (worker2, web1, web2) = (started[0], started[1], started[2]);
            Say($"worker-2, web-1 and web-2 up in {watch.ElapsedMilliseconds} ms");
            var workers = new[] { worker1, worker2 };

            using var admin1 = web1.Client(AdminKey);
            using var admin2 = web2.Client(AdminKey);
            using var check1 = web1.Client(CheckKey);
            using var check2 = web2.Client(CheckKey);
            using var spend1 = web1.Client(SpendKey);
            using var spend2 = web2.Client(SpendKey);
            var connection = (await admin1.GetFromJsonAsync<JsonElement>("api/v1/connections", Ct)).EnumerateArray().Single().GetProperty("id").GetInt32();

            // A hard-limited monthly budget made on web-1, $10 above what the sync will attribute to the team this month.
            using (var planner = web1.Client(BudgetsKey))
            {
                var created = await planner.PostAsJsonAsync("api/v1/budgets", new { orgUnit = "search", periodKind = "monthly", amount = searchThisMonth + 10m, hardLimit = true }, Ct);
                created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
            }
            await Poll.UntilAsync(() => CheckAsync(check2), c => c.Budget == searchThisMonth + 10m, TimeSpan.FromSeconds(5));

            // 1. A sync asked of web-1 runs on a worker; both web nodes see it and their checks agree within 2 s.
            watch.Restart();
            var run = await StartSyncAsync(admin1, connection);
            var succeeded = await Poll.UntilAsync(() => RunAsync(admin2, run), r => r.Status is "Succeeded" or "Failed", TimeSpan.FromSeconds(60));
            succeeded.Status.ShouldBe("Succeeded", succeeded.Error);
            var ranOn = workers.Where(w => w.Output.Contains($"Sync {run} of connection {connection} started", StringComparison.Ordinal)).Select(w => w.Name).ToList();
            ranOn.Count.ShouldBe(1, "the run ran on exactly one worker");
            new[] { web1, web2 }.ShouldAllBe(w => !w.Output.Contains($"Sync {run} of connection", StringComparison.Ordinal));
            Say($"sync {run} ran on {ranOn[0]}: {watch.ElapsedMilliseconds} ms from the request to success seen on web-2");
            watch.Restart();
            var agreed = await Task.WhenAll(new[] { check1, check2 }.Select(c => Poll.UntilAsync(() => CheckAsync(c), x => x.Actual == searchThisMonth, TimeSpan.FromSeconds(2))));
            var agreedAfter = watch.ElapsedMilliseconds;
            Say($"both web nodes' budgets/check showed the sync after {agreedAfter} ms");
            agreed.ShouldAllBe(c => c.Actual == searchThisMonth && c.Remaining == 10m, "within 2 s of the run's success");
            (await TotalAsync(spend1, today), await TotalAsync(spend2, today)).ShouldBe((billedTotal, billedTotal), "the fake provider's own total, to the micro-dollar");

            // 2. Fifty $1 reservations spread over both web nodes against $10 of room: exactly ten.
            var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            {
                var response = await (i % 2 == 0 ? check1 : check2).PostAsJsonAsync("api/v1/budgets/reserve", new { orgUnit = "search", amount = 1.00m, requestId = $"topology-{i}" }, Ct);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("allowed").GetBoolean();
            }));
            answers.Count(a => a).ShouldBe(10);
            Say($"50 reservations over two web nodes: {answers.Count(a => a)} allowed");

            // 3. A worker killed mid-sync: the run fails within a few minutes, leaves no rows, and the next run succeeds.
            var rowsBefore = await CostRowsAsync(connectionString, connection);
            slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // the fake now holds its answer
            var asked = fake.Count("/v1/organization/costs");
            var doomed = await StartSyncAsync(admin2, connection);
            var holder = await Poll.UntilAsync(
                () => Task.FromResult(workers.SingleOrDefault(w => w.Output.Contains($"Sync {doomed} of connection {connection} started", StringComparison.Ordinal))),
                w => w is not null && fake.Count("/v1/organization/costs") > asked, TimeSpan.FromSeconds(30));
            holder.ShouldNotBeNull();
            await holder.KillAsync();
            watch.Restart();
            Say($"killed {holder.Name} (SIGKILL) while its sync {doomed} waited for the provider");
            var interrupted = await Poll.UntilAsync(() => RunAsync(admin1, doomed), r => r.Status != "Running", TimeSpan.FromMinutes(4));
            Say($"the killed run was marked {interrupted.Status} after {watch.ElapsedMilliseconds} ms: {interrupted.Error}");
            interrupted.Status.ShouldBe("Failed");
            interrupted.Error!.ShouldStartWith("Interrupted");
            (await CostRowsAsync(connectionString, connection)).ShouldBe(rowsBefore, "a killed run writes nothing of its own");

            slow.TrySetResult();
            var survivor = workers.Single(w => w != holder);
            var next = await StartSyncAsync(admin1, connection);
            var after = await Poll.UntilAsync(() => RunAsync(admin2, next), r => r.Status is "Succeeded" or "Failed", TimeSpan.FromSeconds(60));
            after.Status.ShouldBe("Succeeded", after.Error);
            survivor.Output.ShouldContain($"Sync {next} of connection {connection} started");
            (await CostRowsAsync(connectionString, connection)).ShouldBe(rowsBefore, "the window replaced, not added to");
            (await TotalAsync(spend1, today), await TotalAsync(spend2, today)).ShouldBe((billedTotal, billedTotal));

            // 4. Every worker down for more than two minutes: the minutely sweep misses at least two times, and runs once
            //    when a worker comes back (started just after a minute begins, so the next time is a minute away).
            await survivor.KillAsync();
            var down = TimeProvider.System.GetUtcNow();
            while (TimeProvider.System.GetUtcNow() - down < TimeSpan.FromSeconds(125) || TimeProvider.System.GetUtcNow().Second is < 1 or > 8)
                await Task.Delay(500, Ct);
            var back = TimeProvider.System.GetUtcNow();
            var missed = (int)((back - down).TotalMinutes);
            nodes.Add(await AppProcess.StartAsync("worker-3", Settings("Worker"), Ct));
            var caughtUp = await Poll.UntilAsync(() => SweepsCreatedSinceAsync(connectionString, back), n => n > 0, TimeSpan.FromSeconds(30));
            while (TimeProvider.System.GetUtcNow().Second < 45) await Task.Delay(500, Ct);
            var sweeps = await SweepsCreatedSinceAsync(connectionString, back);
            Say($"every worker down {(back - down).TotalSeconds:0} s ({missed}+ minutely sweeps missed): {sweeps} sweep(s) ran when worker-3 came back");
            (caughtUp, sweeps).ShouldBe((1, 1), "the missed times run once, not once per missed time");
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
            await DashboardFactory.DropAsync(database);
            keys.Delete(recursive: true);
        }
    }

    /// <summary>OpenAI's costs endpoint billing <see cref="Billed"/> on each day; the answer waits for <paramref name="hold"/>.</summary>
    private static void MapOpenAI(LoopbackServer fake, DateOnly[] days, Func<Task> hold)
    {
        var buckets = days.Select(d =>
        {
            var start = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
            return new
            {
                @object = "bucket", start_time = start, end_time = start + 86_400,
                results = Billed.Select(b => new { @object = "organization.costs.result", amount = new { value = b.Amount, currency = "usd" }, line_item = b.LineItem, project_id = b.Project, api_key_id = (string?)null }),
            };
        });
        var page = JsonSerializer.Serialize(new { @object = "page", data = buckets, has_more = false, next_page = (string?)null });
        fake.Map("/v1/organization/costs", async ctx =>
        {
            await hold();
            await LoopbackServer.Json(ctx, page);
        });
        const string empty = """{"object":"page","data":[],"has_more":false,"next_page":null}""";
        fake.MapJson("/v1/organization/usage/completions", empty);
        fake.MapJson("/v1/organization/usage/embeddings", empty);
        fake.MapJson("/v1/organization/projects", Fixtures.Read("OpenAI/projects.json"));
        fake.MapJson("/v1/organization/projects/proj_search/api_keys", Fixtures.Read("OpenAI/keys-proj_search.json"));
        fake.MapJson("/v1/organization/projects/proj_support/api_keys", Fixtures.Read("OpenAI/keys-proj_support.json"));
    }

    private static async Task<long> StartSyncAsync(HttpClient admin, int connection)
    {
        var response = await admin.PostAsync($"api/v1/connections/{connection}/sync", null, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("runId").GetInt64();
    }

    private sealed record Run(string Status, string? Error);

    private static async Task<Run> RunAsync(HttpClient admin, long id)
    {
        var run = await admin.GetFromJsonAsync<JsonElement>($"api/v1/sync-runs/{id}", Ct);
        return new Run(run.GetProperty("status").GetString()!, run.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    private sealed record Check(decimal? Budget, decimal? Actual, decimal? Remaining);

    private static async Task<Check> CheckAsync(HttpClient client)
    {
        var c = await client.GetFromJsonAsync<JsonElement>("api/v1/budgets/check?orgUnit=search", Ct);
        decimal? Read(string name) => c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;
        return new Check(Read("budget"), Read("actual"), Read("remaining"));
    }

    private static async Task<decimal> TotalAsync(HttpClient client, DateOnly today) =>
        (await client.GetFromJsonAsync<JsonElement>(
            $"api/v1/spend?from={today.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&to={today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&groupBy=provider", Ct))
        .GetProperty("total").GetDecimal();

    /// <summary>Interrupted-runs sweeps Hangfire created since <paramref name="since"/> (its own table, in its schema).</summary>
    private static async Task<int> SweepsCreatedSinceAsync(string connectionString, DateTimeOffset since)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var count = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%InterruptedRunsJob%' AND createdat >= @since", connection);
        count.Parameters.AddWithValue("since", since.UtcDateTime.AddSeconds(-1));
        return Convert.ToInt32(await count.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    private static async Task<int> CostRowsAsync(string connectionString, int connection)
    {
        await using var db = new PostgreSqlDashboardDbContext(new DbContextOptionsBuilder<PostgreSqlDashboardDbContext>().UseNpgsql(connectionString).Options);
        return await db.CostRecords.CountAsync(r => r.ConnectionId == connection, Ct);
    }
}
