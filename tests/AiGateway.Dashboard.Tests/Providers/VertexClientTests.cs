using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Vertex;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>The Vertex AI client against real HTTP servers on loopback: a Google token endpoint that checks the JWT's signature, and BigQuery.</summary>
public class VertexClientTests
{
    private static readonly RSA Key = RSA.Create(2048);
    private const string JobPath = "/bigquery/v2/projects/contoso-billing/queries/job_Q7x2kPz";

    private static async Task<(SyncHarness Harness, LoopbackServer Server, ProviderConnection Connection)> ArrangeAsync(string? secret = null, string? labelKey = "team")
    {
        var server = await LoopbackServer.StartAsync();
        ProviderFakes.MapGoogleToken(server, Key);
        ProviderFakes.MapBigQuery(server);
        var harness = await SyncHarness.CreateAsync();
        var connection = await harness.AddConnectionAsync(ProviderKind.GoogleVertex, backfillDays: 3, baseUrl: server.BaseAddress, secret: secret ?? ProviderFakes.ServiceAccountKeyJson(Key, new Uri(server.BaseAddress, "token")));
        await using (var db = harness.Db.CreateDbContext())
        {
            var settings = new VertexSettings("contoso-billing", "billing", "gcp_billing_export_v1_0123AB_CDEF45", "EU", 1_000_000_000, labelKey).ToJson();
            await db.Connections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Settings, settings), TestContext.Current.CancellationToken);
        }
        await harness.Fx.ImportCsvAsync("2026-11-18,EUR,USD,1.0498\n2026-11-19,EUR,USD,1.0521", "fay@example.com", TestContext.Current.CancellationToken);
        return (harness, server, connection);
    }

    [Fact]
    public async Task A_query_polled_until_complete_and_paged_lands_cost_and_credits_by_utc_day_project_and_label()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.PagesFetched.ShouldBe(4); // token, query, results until complete, second page
        run.Notes.ShouldNotBeNull().ShouldContain("scanned 52,428,800 bytes");
        await using var db = h.Db.CreateDbContext();
        var rows = await db.CostRecords.AsNoTracking().Where(r => r.ConnectionId == connection.Id).ToListAsync(TestContext.Current.CancellationToken);
        // The fixtures' own sums per day in EUR: 3.1250001 + 7.5 - 2.5 (credit); 0.012 + 4.
        rows.GroupBy(r => r.UsageDate).ToDictionary(g => g.Key, g => g.Sum(r => r.OriginalMicros)).ShouldBe(new Dictionary<DateOnly, long>
        {
            [new(2026, 11, 18)] = 8_125_000, [new(2026, 11, 19)] = 4_012_000,
        }, ignoreOrder: true);
        var credit = rows.Single(r => r.OriginalMicros < 0);
        (credit.OriginalMicros, credit.LineItem, credit.Kind).ShouldBe((-2_500_000L, "credit: Vertex AI: Gemini 2.5 Pro Output Text Tokens", CostKind.Billed));
        var input = rows.Single(r => r.LineItem == "Vertex AI: Gemini 2.5 Pro Input Text Tokens");
        (input.Model, input.ProjectId, input.AccountId, input.Tags, TokenTypes.Of(input.LineItem)).ShouldBe(("gemini-2.5-pro", "support", "support-prod", "team=support", TokenType.Input));
        var cached = rows.Single(r => r.Model == "gemini-2.5-flash");
        (TokenTypes.Of(cached.LineItem), cached.ProjectId, cached.OriginalMicros).ShouldBe((TokenType.CachedInput, "search-prod", 12_000L));
        rows.Single(r => r.Model == "Vertex AI Search: Enterprise edition queries").OriginalMicros.ShouldBe(4_000_000);
        run.Notes.ShouldContain("Vertex AI Search: Enterprise edition queries");
        rows.Where(r => r.UsageDate == new DateOnly(2026, 11, 18)).Sum(r => r.CostMicros).ShouldBe(8_529_625); // 8.125 EUR × 1.0498
    }

    [Fact]
    public async Task The_query_is_parameterised_converts_to_utc_days_and_carries_the_bytes_guard()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        var query = server.Requests.Single(r => r.Path == "/bigquery/v2/projects/contoso-billing/queries");
        query.Headers["Authorization"].ShouldBe("Bearer ya29.fake-bigquery-token");
        using var body = JsonDocument.Parse(query.Body);
        var root = body.RootElement;
        var sql = root.GetProperty("query").GetString()!;
        sql.ShouldContain("DATE(usage_start_time, \"UTC\")");
        sql.ShouldContain("FROM `contoso-billing.billing.gcp_billing_export_v1_0123AB_CDEF45`");
        sql.ShouldContain("usage_start_time >= @from AND usage_start_time < @to");
        sql.ShouldNotContain("2026-11"); // every value is a parameter
        (root.GetProperty("useLegacySql").GetBoolean(), root.GetProperty("parameterMode").GetString(), root.GetProperty("location").GetString()).ShouldBe((false, "NAMED", "EU"));
        root.GetProperty("maximumBytesBilled").GetString().ShouldBe("1000000000");
        var parameters = root.GetProperty("queryParameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("parameterValue"));
        parameters["from"].GetProperty("value").GetString().ShouldBe("2026-11-18 00:00:00+00");
        parameters["to"].GetProperty("value").GetString().ShouldBe("2026-11-21 00:00:00+00");
        parameters["label"].GetProperty("value").GetString().ShouldBe("team");
        parameters["services"].GetProperty("arrayValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()).ShouldBe(["Vertex AI", "Gemini API", "Generative Language API"]);
        server.Requests.Where(r => r.Path == JobPath).ShouldAllBe(r => r.Query.Contains("location=EU"));
    }

    [Fact]
    public async Task A_key_signed_by_another_private_key_is_refused_with_googles_reason_and_never_shown()
    {
        using var other = RSA.Create(2048);
        var forged = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account", ["private_key_id"] = "x", ["private_key"] = other.ExportPkcs8PrivateKeyPem(), ["client_email"] = "intruder@example.iam.gserviceaccount.com",
        });
        var server = await LoopbackServer.StartAsync();
        await using var __ = server;
        ProviderFakes.MapGoogleToken(server, Key);
        var (h, _, connection) = await ArrangeAsync(secret: forged.Replace("}", $",\"token_uri\":\"{new Uri(server.BaseAddress, "token")}\"}}"));
        await using var ___ = h;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("Invalid JWT Signature.");
        run.Error.ShouldNotContain("PRIVATE KEY");
    }

    [Theory]
    [InlineData("{\"type\":\"authorized_user\",\"client_id\":\"x\"}", "not a service-account key")]
    [InlineData("not json at all -----BEGIN PRIVATE KEY-----", "not a service-account key JSON")]
    public async Task A_secret_that_is_not_a_service_account_key_fails_without_quoting_it(string secret, string expected)
    {
        var (h, server, connection) = await ArrangeAsync(secret: secret);
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain(expected);
        run.Error.ShouldNotContain("BEGIN PRIVATE KEY");
    }

    [Theory]
    [InlineData("Gemini 2.5 Pro Input Text Tokens", "gemini-2.5-pro", TokenType.Input)]
    [InlineData("Gemini 2.5 Flash Output Tokens (long context)", "gemini-2.5-flash", TokenType.Output)]
    [InlineData("Gemini 2.5 Pro Cached Input Text Tokens", "gemini-2.5-pro", TokenType.CachedInput)]
    [InlineData("Claude Sonnet 4.5 Input Tokens", "claude-sonnet-4.5", TokenType.Input)]
    public void Sku_descriptions_give_the_model_and_the_token_kind(string sku, string model, TokenType type) =>
        VertexSkus.Parse(sku).ShouldBe(new VertexSku(model, type));

    [Theory]
    [InlineData("Gemini 2.5 Pro Cache Storage")]
    [InlineData("Vertex AI Search: Enterprise edition queries")]
    [InlineData("Input")]
    public void A_sku_naming_no_token_kind_is_not_guessed(string sku) => VertexSkus.Parse(sku).ShouldBeNull();
}
