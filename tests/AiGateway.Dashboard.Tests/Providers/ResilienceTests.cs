using System.Diagnostics;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Http;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>Bad provider responses over real HTTP: what is retried, what is not, and that earlier data survives.</summary>
public class ResilienceTests
{
    private const string AdminKey = "sk-admin-resilience-secret-Kx81";
    private const string CostPath = "/v1/organization/costs";

    private static async Task<(SyncHarness Harness, LoopbackServer Server, ProviderConnection Connection, long Total)> SyncedOnceAsync()
    {
        var server = await LoopbackServer.StartAsync();
        ProviderFakes.MapOpenAI(server);
        var harness = await SyncHarness.CreateAsync();
        var connection = await harness.AddConnectionAsync(ProviderKind.OpenAI, backfillDays: 3, baseUrl: server.BaseAddress, secret: AdminKey);
        var first = await harness.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        first.Status.ShouldBe(SyncRunStatus.Succeeded, first.Error);
        return (harness, server, connection, await harness.TotalMicrosAsync(connection.Id));
    }

    private static async Task<SyncRun> ResyncWithAsync(SyncHarness h, LoopbackServer server, ProviderConnection connection, Func<HttpContext, Task> costs)
    {
        server.Map(CostPath, costs);
        while (server.Requests.TryDequeue(out _)) { }
        return await h.Service.RunAsync(connection.Id, SyncTrigger.Schedule, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_the_run_succeeds()
    {
        var (h, server, connection, total) = await SyncedOnceAsync();
        await using var _ = h;
        await using var __ = server;
        var calls = 0;
        var watch = Stopwatch.StartNew();

        var run = await ResyncWithAsync(h, server, connection, async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.Headers.RetryAfter = "1";
                await LoopbackServer.Json(ctx, """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""", 429);
                return;
            }
            await LoopbackServer.Json(ctx, Fixtures.Read(ProviderFakes.OpenAICostPages[0]).Replace("\"has_more\": true", "\"has_more\": false", StringComparison.Ordinal));
        });

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        calls.ShouldBe(2);
        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)); // Retry-After honoured, not the 10 ms back-off
        (await h.BilledMicrosByDayAsync(connection.Id))[new DateOnly(2026, 11, 18)].ShouldBe(5_507_512);
        total.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_cap_is_capped()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "3600");
        response.Headers.TryAddWithoutValidation("x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after", "7");
        ProviderRetryPolicy.RequestedDelay(response, TimeSpan.FromSeconds(60), DateTimeOffset.UtcNow).ShouldBe(TimeSpan.FromSeconds(60));
        response.Headers.Remove("Retry-After");
        ProviderRetryPolicy.RequestedDelay(response, TimeSpan.FromSeconds(60), DateTimeOffset.UtcNow).ShouldBe(TimeSpan.FromSeconds(7));
        using var dated = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        var now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        dated.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(20).ToString("R"));
        ProviderRetryPolicy.RequestedDelay(dated, TimeSpan.FromSeconds(60), now).ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_persistent_500_fails_the_run_with_a_clear_message_and_keeps_the_data()
    {
        var (h, server, connection, total) = await SyncedOnceAsync();
        await using var _ = h;
        await using var __ = server;

        var run = await ResyncWithAsync(h, server, connection, ctx => LoopbackServer.Json(ctx, """{"error":{"message":"The server had an error processing your request."}}""", 500));

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("500");
        run.Error.ShouldContain("The server had an error processing your request.");
        server.Count(CostPath).ShouldBe(4); // one attempt and three retries, no more
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(total);
    }

    [Theory]
    [InlineData("""{"object":"page","data":[{"object":"bucket","start_time":1794960000,"end_time":17950""", "malformed or truncated JSON")]
    [InlineData("<html><body>Bad gateway</body></html>", "malformed or truncated JSON")]
    [InlineData("", "malformed or truncated JSON")]
    [InlineData("null", "empty JSON body")]
    public async Task Malformed_or_truncated_JSON_fails_clearly_and_keeps_the_data(string body, string expected)
    {
        var (h, server, connection, total) = await SyncedOnceAsync();
        await using var _ = h;
        await using var __ = server;

        var run = await ResyncWithAsync(h, server, connection, ctx => LoopbackServer.Json(ctx, body));

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain(expected);
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(total);
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(total);
    }

    [Theory]
    [InlineData(401, """{"error":{"message":"Incorrect API key provided: sk-proj-****abcd.","type":"invalid_request_error","code":"invalid_api_key"}}""")]
    [InlineData(403, """{"error":{"message":"You have insufficient permissions for this operation. Missing scopes: api.usage.read.","type":"invalid_request_error"}}""")]
    public async Task A_refused_key_fails_at_once_saying_check_the_admin_key(int status, string body)
    {
        var (h, server, connection, total) = await SyncedOnceAsync();
        await using var _ = h;
        await using var __ = server;

        var run = await ResyncWithAsync(h, server, connection, ctx => LoopbackServer.Json(ctx, body, status));

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("check the admin key");
        run.Error.ShouldContain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Count(CostPath).ShouldBe(1); // never retried
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(total);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    public async Task Client_errors_are_never_retried(int status)
    {
        var (h, server, connection, _) = await SyncedOnceAsync();
        await using var __ = h;
        await using var ___ = server;

        var run = await ResyncWithAsync(h, server, connection, ctx => LoopbackServer.Json(ctx, """{"error":{"message":"Invalid value for group_by."}}""", status));

        run.Status.ShouldBe(SyncRunStatus.Failed);
        server.Count(CostPath).ShouldBe(1);
    }

    [Fact]
    public async Task An_exhausted_quota_is_not_retried()
    {
        var (h, server, connection, _) = await SyncedOnceAsync();
        await using var __ = h;
        await using var ___ = server;

        var run = await ResyncWithAsync(h, server, connection, ctx => LoopbackServer.Json(ctx,
            """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}""", 429));

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("quota is exhausted");
        server.Count(CostPath).ShouldBe(1);
    }

    [Fact]
    public async Task A_provider_that_never_answers_times_out_per_attempt_and_fails_clearly()
    {
        var (h, server, connection, total) = await SyncedOnceAsync();
        await using var _ = h;
        await using var __ = server;

        var run = await ResyncWithAsync(h, server, connection, async ctx => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("did not answer");
        server.Count(CostPath).ShouldBe(4); // each attempt timed out after 2 s, then retried
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(total);
    }

    [Fact]
    public async Task A_failing_connection_never_stops_a_healthy_one()
    {
        await using var broken = await LoopbackServer.StartAsync();
        broken.Map(CostPath, ctx => LoopbackServer.Json(ctx, """{"error":{"message":"upstream down"}}""", 503));
        await using var healthy = await LoopbackServer.StartAsync();
        ProviderFakes.MapAnthropic(healthy);
        await using var h = await SyncHarness.CreateAsync();
        var bad = await h.AddConnectionAsync(ProviderKind.OpenAI, "broken", 3, broken.BaseAddress, AdminKey);
        var good = await h.AddConnectionAsync(ProviderKind.Anthropic, "healthy", 3, healthy.BaseAddress, AdminKey);

        var runs = await Task.WhenAll(
            h.Service.RunAsync(bad.Id, SyncTrigger.Schedule, TestContext.Current.CancellationToken),
            h.Service.RunAsync(good.Id, SyncTrigger.Schedule, TestContext.Current.CancellationToken));

        runs[0].Status.ShouldBe(SyncRunStatus.Failed);
        runs[1].Status.ShouldBe(SyncRunStatus.Succeeded, runs[1].Error);
        (await h.BilledMicrosByDayAsync(good.Id)).ShouldBe(Fixtures.AnthropicCostByDay(ProviderFakes.AnthropicCostPages), ignoreOrder: true);
    }

    [Fact]
    public async Task The_admin_key_never_reaches_a_log_line_or_a_sync_error()
    {
        var (h, server, connection, _) = await SyncedOnceAsync();
        await using var _h = h;
        await using var _s = server;
        await ResyncWithAsync(h, server, connection, ctx => LoopbackServer.Json(ctx, """{"error":{"message":"Incorrect API key provided."}}""", 401));
        await h.Registry.For(ProviderKind.OpenAI).TestAsync(connection, AdminKey, TestContext.Current.CancellationToken).ContinueWith(_ => { }, TestContext.Current.CancellationToken);

        server.Requests.ShouldContain(r => r.Headers.GetValueOrDefault("Authorization") == "Bearer " + AdminKey); // it was really sent
        h.Logs.Lines.ShouldNotBeEmpty();
        h.Logs.Lines.ShouldAllBe(line => !line.Contains(AdminKey) && !line.Contains("Kx81"));
        await using var db = h.Db.CreateDbContext();
        db.SyncRuns.AsEnumerable().ShouldAllBe(r => r.Error == null || !r.Error.Contains(AdminKey));
        db.Connections.Single().EncryptedSecret.ShouldNotBeNull().ShouldNotContain(AdminKey);
    }
}
