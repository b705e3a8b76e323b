using System.Text.Json;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Aws;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>The Bedrock client against a real HTTP server on loopback playing Cost Explorer (JSON 1.1, one path, the operation in X-Amz-Target).</summary>
public class BedrockClientTests
{
    private const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static async Task<(SyncHarness Harness, LoopbackServer Server, ProviderConnection Connection)> ArrangeAsync(Func<HttpContext, string, Task>? cost = null, string? tagKeys = null, string? roleArn = null, string secret = Secret)
    {
        var server = await LoopbackServer.StartAsync();
        ProviderFakes.MapBedrock(server, cost);
        var harness = await SyncHarness.CreateAsync();
        var connection = await harness.AddConnectionAsync(ProviderKind.AwsBedrock, backfillDays: 3, baseUrl: server.BaseAddress, secret: secret);
        await using (var db = harness.Db.CreateDbContext())
        {
            var settings = new BedrockSettings(AccessKeyId, "us-east-1", tagKeys, RoleArn: roleArn, StsEndpoint: new Uri(server.BaseAddress, "sts").ToString()).ToJson();
            await db.Connections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Settings, settings), TestContext.Current.CancellationToken);
        }
        return (harness, server, connection);
    }

    private static IEnumerable<RecordedRequest> CostCalls(LoopbackServer server) =>
        server.Requests.Where(r => r.Headers.GetValueOrDefault("X-Amz-Target", "") == "AWSInsightsIndexService.GetCostAndUsage");

    [Fact]
    public async Task Pages_of_decimal_strings_land_exactly_with_model_and_token_kind_from_service_and_usage_type()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.PagesFetched.ShouldBe(3); // discovery and two pages: every one is a paid request
        run.Notes.ShouldNotBeNull().ShouldContain("3 Cost Explorer request(s)");
        await using var db = h.Db.CreateDbContext();
        var rows = await db.CostRecords.AsNoTracking().Where(r => r.ConnectionId == connection.Id).ToListAsync(TestContext.Current.CancellationToken);
        // The fixtures' own sums per day: 2.4531 + 0.0000001 + 0.0183; 11.2000000000000001 + 1.5 + 39.60; 0.25.
        rows.GroupBy(r => r.UsageDate).ToDictionary(g => g.Key, g => g.Sum(r => r.CostMicros)).ShouldBe(new Dictionary<DateOnly, long>
        {
            [new(2026, 11, 18)] = 2_471_400, [new(2026, 11, 19)] = 52_300_000, [new(2026, 11, 20)] = 250_000,
        }, ignoreOrder: true);
        var sonnet = rows.Single(r => r.LineItem!.Contains("USE1_InputTokenCount", StringComparison.Ordinal));
        (sonnet.Model, TokenTypes.Of(sonnet.LineItem)).ShouldBe(("claude-sonnet-4.5", TokenType.Input));
        rows.Single(r => r.LineItem!.Contains("CacheReadInputTokenCount", StringComparison.Ordinal)).LineItem.ShouldEndWith("(cached input)");
        var batch = rows.Single(r => r.LineItem!.Contains("OutputTokenCount_Batch", StringComparison.Ordinal));
        (batch.Model, batch.ServiceTier, TokenTypes.Of(batch.LineItem)).ShouldBe(("claude-sonnet-4.5", "batch", TokenType.Output));
        var write = rows.Single(r => r.LineItem!.Contains("cache-write", StringComparison.Ordinal));
        (write.Model, TokenTypes.Of(write.LineItem)).ShouldBe(("claude4.5-sonnet", TokenType.CacheWrite));
        rows.Single(r => r.LineItem!.Contains("NovaLite-input", StringComparison.Ordinal)).Model.ShouldBe("nova-lite");
        // Provisioned throughput names no token kind: kept under its usage type, and listed.
        rows.Single(r => r.Model == "USE1-ModelUnit-Provisioned-Hours").CostMicros.ShouldBe(39_600_000);
        run.Notes.ShouldContain("USE1-ModelUnit-Provisioned-Hours");
        // The 19th and 20th are still estimated: kept, and the next run starts there.
        run.ProvisionalFrom.ShouldBe(new DateOnly(2026, 11, 19));
        run.Notes.ShouldContain("AWS still estimates the days from 2026-11-19");
    }

    [Fact]
    public async Task Requests_are_signed_json_1_1_with_the_documented_query_and_the_page_token_is_the_only_change()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        var calls = CostCalls(server).ToList();
        calls.Count.ShouldBe(2);
        calls.ShouldAllBe(c => c.Method == "POST" && c.Path == "/" && c.Headers["Content-Type"] == "application/x-amz-json-1.1");
        calls[0].Headers["Authorization"].ShouldStartWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20261120/us-east-1/ce/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=");
        calls[0].Headers["X-Amz-Date"].ShouldStartWith("20261120T");
        using var first = JsonDocument.Parse(calls[0].Body);
        var root = first.RootElement;
        root.GetProperty("TimePeriod").GetProperty("Start").GetString().ShouldBe("2026-11-18");
        root.GetProperty("TimePeriod").GetProperty("End").GetString().ShouldBe("2026-11-21"); // exclusive
        root.GetProperty("Granularity").GetString().ShouldBe("DAILY");
        root.GetProperty("Metrics").EnumerateArray().Select(m => m.GetString()).ShouldBe(["UnblendedCost", "UsageQuantity"]);
        root.GetProperty("Filter").GetProperty("Dimensions").GetProperty("Values").EnumerateArray().Select(v => v.GetString())
            .ShouldBe(["Amazon Bedrock", "Claude Sonnet 4.5 (Amazon Bedrock Edition)"]); // AgentCore is not a model
        root.GetProperty("GroupBy").EnumerateArray().Select(g => g.GetProperty("Key").GetString()).ShouldBe(["SERVICE", "USAGE_TYPE"]);
        var second = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(calls[1].Body)!;
        second["NextPageToken"].GetString().ShouldBe("AAMA-EFRSURBSGhY");
        second.Remove("NextPageToken");
        JsonSerializer.Serialize(second).ShouldBe(JsonSerializer.Serialize(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(calls[0].Body)));
        server.Requests.ShouldAllBe(r => !r.Body.Contains(Secret) && !r.Headers.Values.Any(v => v.Contains(Secret)));

        // The services are discovered once a day, not per run: the next run pays for its cost pages only.
        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        server.Requests.Count(r => r.Headers.GetValueOrDefault("X-Amz-Target", "").EndsWith("GetDimensionValues", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task The_next_run_re_pulls_the_estimated_days()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;
        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        await using (var db = h.Db.CreateDbContext())
        {
            // Pretend the runs went on for a week: the planned window alone would start after the estimated days.
            await db.SyncRuns.ExecuteUpdateAsync(s => s.SetProperty(r => r.WindowTo, new DateOnly(2026, 11, 27)), TestContext.Current.CancellationToken);
        }
        h.Time.Advance(TimeSpan.FromDays(7));

        var next = await h.Service.RunAsync(connection.Id, SyncTrigger.Schedule, TestContext.Current.CancellationToken);

        next.Window.From.ShouldBe(new DateOnly(2026, 11, 19));
    }

    [Fact]
    public async Task With_a_tag_key_each_service_is_grouped_by_usage_type_and_tag_and_the_tag_attributes_the_row()
    {
        var (h, server, connection) = await ArrangeAsync(tagKeys: "iamPrincipal/team", cost: (ctx, body) => LoopbackServer.Json(ctx, body.Contains("Edition", StringComparison.Ordinal)
            ? """{"ResultsByTime":[{"TimePeriod":{"Start":"2026-11-18","End":"2026-11-19"},"Groups":[{"Keys":["USE1-MP:USE1_InputTokenCount-Units","iamPrincipal/team$search"],"Metrics":{"UnblendedCost":{"Amount":"1.25","Unit":"USD"}}},{"Keys":["USE1-MP:USE1_InputTokenCount-Units","iamPrincipal/team$"],"Metrics":{"UnblendedCost":{"Amount":"0.75","Unit":"USD"}}}],"Estimated":false}]}"""
            : """{"ResultsByTime":[]}"""));
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        CostCalls(server).Count().ShouldBe(2); // one per Bedrock service
        CostCalls(server).ShouldAllBe(c => c.Body.Contains("\"Type\":\"TAG\",\"Key\":\"iamPrincipal/team\"", StringComparison.Ordinal));
        await using var db = h.Db.CreateDbContext();
        var rows = await db.CostRecords.AsNoTracking().Where(r => r.ConnectionId == connection.Id).ToListAsync(TestContext.Current.CancellationToken);
        rows.Single(r => r.Tags == "iamPrincipal/team=search").CostMicros.ShouldBe(1_250_000);
        rows.Single(r => r.Tags == null).CostMicros.ShouldBe(750_000);
        rows.ShouldAllBe(r => r.Model == "claude-sonnet-4.5");
    }

    [Fact]
    public async Task A_role_to_assume_gives_temporary_credentials_whose_session_token_signs_every_cost_explorer_call()
    {
        var (h, server, connection) = await ArrangeAsync(roleArn: "arn:aws:iam::123456789012:role/cost-reader");
        await using var _ = h;
        await using var __ = server;
        server.Map("/sts", ctx => { ctx.Response.ContentType = "text/xml"; return ctx.Response.WriteAsync("""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>ASIAIOSFODNN7TEMPORARY</AccessKeyId>
                  <SecretAccessKey>temporary/secret/key/for/the/role/EXAMPLE</SecretAccessKey>
                  <SessionToken>FwoGZXIvYXdzEXAMPLE-session-token</SessionToken>
                  <Expiration>2026-11-20T10:30:00Z</Expiration>
                </Credentials>
                <AssumedRoleUser><AssumedRoleId>AROA:aigateway-dashboard</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/cost-reader/aigateway-dashboard</Arn></AssumedRoleUser>
              </AssumeRoleResult>
            </AssumeRoleResponse>
            """); });

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        var sts = server.Requests.Single(r => r.Path.StartsWith("/sts", StringComparison.Ordinal));
        sts.Body.ShouldContain("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fcost-reader");
        sts.Headers["Authorization"].ShouldStartWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20261120/us-east-1/sts/aws4_request");
        var calls = server.Requests.Where(r => r.Path == "/").ToList();
        calls.ShouldNotBeEmpty();
        calls.ShouldAllBe(c => c.Headers["Authorization"].Contains("Credential=ASIAIOSFODNN7TEMPORARY/", StringComparison.Ordinal)
                               && c.Headers["X-Amz-Security-Token"] == "FwoGZXIvYXdzEXAMPLE-session-token"
                               && c.Headers["Authorization"].Contains("x-amz-security-token", StringComparison.Ordinal));
        run.PagesFetched.ShouldBe(4); // the role, discovery and two pages
    }

    [Fact]
    public async Task Temporary_credentials_stored_with_their_session_token_sign_every_call_without_a_role()
    {
        const string token = "IQoJb3JpZ2luX2VjEXAMPLE-temporary-session-token-from-sso-0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
        var (h, server, connection) = await ArrangeAsync(secret: AwsCredentials.Secret(Secret, token));
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        server.Requests.ShouldNotContain(r => r.Path.StartsWith("/sts", StringComparison.Ordinal));
        var calls = server.Requests.Where(r => r.Path == "/").ToList();
        calls.ShouldNotBeEmpty();
        calls.ShouldAllBe(c => c.Headers["Authorization"].Contains($"Credential={AccessKeyId}/", StringComparison.Ordinal)
                               && c.Headers["X-Amz-Security-Token"] == token
                               && c.Headers["Authorization"].Contains("x-amz-security-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Throttling_arrives_as_a_400_and_is_retried_unlike_other_400s()
    {
        var attempts = 0;
        var (h, server, connection) = await ArrangeAsync(cost: async (ctx, body) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                ctx.Response.StatusCode = 400;
                await ctx.Response.WriteAsync("{\"__type\":\"com.amazonaws.awsinsightsindexservice#LimitExceededException\",\"Message\":\"You have exceeded the rate limit.\"}");
                return;
            }
            await LoopbackServer.Json(ctx, Fixtures.Read(body.Contains("NextPageToken", StringComparison.Ordinal) ? "Bedrock/cost-page2.json" : "Bedrock/cost-page1.json"));
        });
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        CostCalls(server).Count().ShouldBe(3);
    }

    [Theory]
    [InlineData(400, "{\"__type\":\"com.amazonaws.awsinsightsindexservice#ValidationException\",\"Message\":\"Start date is after end date.\"}", "Start date is after end date.", 1)]
    [InlineData(403, "{\"__type\":\"AccessDeniedException\",\"Message\":\"User is not authorized to perform: ce:GetCostAndUsage\"}", "not authorized to perform: ce:GetCostAndUsage", 1)]
    [InlineData(200, "{\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"2026-11-18\"},\"Groups\":[{\"Keys\":[\"Amazon Bedrock\",\"USE1-NovaLite-input-tokens\"],\"Metrics\":{\"UnblendedCost\":{\"Amount\":\"1,5\",\"Unit\":\"USD\"}}}]}]}", "the amount \"1,5\"", 1)]
    [InlineData(200, "{\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"18/11/2026\"},\"Groups\":[]}]}", "the day '18/11/2026'", 1)]
    public async Task A_refusal_or_a_bad_answer_fails_clearly_without_retrying_and_writes_nothing(int status, string json, string expected, int calls)
    {
        var (h, server, connection) = await ArrangeAsync(cost: (ctx, _) => LoopbackServer.Json(ctx, json, status));
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain(expected);
        CostCalls(server).Count().ShouldBe(calls);
        (await h.RowCountAsync(connection.Id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("Claude Sonnet 4.5 (Amazon Bedrock Edition)", "USE1-MP:USE1_CacheWriteInputTokenCount-Units", "claude-sonnet-4.5", TokenType.CacheWrite, null)]
    [InlineData("Claude Sonnet 4.5 (Amazon Bedrock Edition)", "USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units", "claude-sonnet-4.5", TokenType.CacheWrite, "global 1h")]
    [InlineData("Claude Haiku 4.5 (Amazon Bedrock Edition)", "APS3-MP:APS3_input_tokens_global_standard-Units", "claude-haiku-4.5", TokenType.Input, "global")]
    [InlineData("Claude Haiku 4.5 (Amazon Bedrock Edition)", "USE1-MP:USE1_output_tokens_standard-Units", "claude-haiku-4.5", TokenType.Output, null)]
    [InlineData("Amazon Bedrock", "USE1-Claude4.5Sonnet-input-tokens", "claude4.5-sonnet", TokenType.Input, null)]
    [InlineData("Amazon Bedrock", "EUC1-NovaPro-cache-read-input-token-count", "nova-pro", TokenType.CachedInput, null)]
    public void Usage_types_give_the_model_the_token_kind_and_the_tier(string service, string usageType, string model, TokenType type, string? tier) =>
        BedrockUsageTypes.Parse(service, usageType).ShouldBe(new BedrockUsage(model, type, tier));

    [Theory]
    [InlineData("Amazon Bedrock", "USE1-ModelUnit-Provisioned-Hours")]
    [InlineData("Amazon Bedrock", "USE1-MP:USE1_InputTokenCount-Units")] // a Marketplace type under a service that names no model
    public void A_usage_type_naming_no_model_or_kind_is_not_guessed(string service, string usageType) => BedrockUsageTypes.Parse(service, usageType).ShouldBeNull();
}
