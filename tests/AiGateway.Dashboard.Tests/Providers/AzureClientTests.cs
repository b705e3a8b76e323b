using System.Text.Json;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Azure;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>The Azure Cost Management client against real HTTP servers on loopback (Entra ID token endpoint and Cost Management) serving our fixtures.</summary>
public class AzureClientTests
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string ClientId = "66666666-7777-8888-9999-000000000000";
    private const string Secret = "azure-client-secret~Zq8";
    private const string Subscription = "00000000-0000-0000-0000-000000000000";
    private static readonly string QueryPath = $"/subscriptions/{Subscription}/providers/Microsoft.CostManagement/query";

    private static async Task<(SyncHarness Harness, LoopbackServer Server, ProviderConnection Connection)> ArrangeAsync(int backfillDays = 3, Func<HttpContext, Task>? query = null, string secret = Secret)
    {
        var server = await LoopbackServer.StartAsync();
        server.MapJson($"/{Tenant}/oauth2/v2.0/token", Fixtures.Read("Azure/token.json"));
        server.Map(QueryPath, query ?? (ctx => LoopbackServer.Json(ctx, Page(ctx, server))));
        var harness = await SyncHarness.CreateAsync();
        var connection = await harness.AddConnectionAsync(ProviderKind.AzureOpenAI, backfillDays: backfillDays, baseUrl: server.BaseAddress, secret: secret);
        await using (var db = harness.Db.CreateDbContext())
        {
            var settings = new AzureSettings(Tenant, ClientId, $"subscriptions/{Subscription}", server.BaseAddress.ToString()).ToJson();
            await db.Connections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Settings, settings), TestContext.Current.CancellationToken);
        }
        return (harness, server, connection);
    }

    // The nextLink of page 1 carries a $skiptoken; page 2 ends.
    private static string Page(HttpContext ctx, LoopbackServer server) =>
        ctx.Request.Query.ContainsKey("$skiptoken") ? Fixtures.Read("Azure/query-page2.json") : Fixtures.Read("Azure/query-page1.json").Replace("{BASE}", server.BaseAddress.ToString());

    [Fact]
    public async Task Two_pages_map_columns_by_name_merge_the_split_meter_and_keep_euros_exactly()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;
        await h.Fx.ImportCsvAsync("2026-11-18,EUR,USD,1.0498\n2026-11-19,EUR,USD,1.0521\n2026-11-20,EUR,USD,1.0543", "fay@example.com", TestContext.Current.CancellationToken);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.PagesFetched.ShouldBe(3); // the token and two query pages
        await using var db = h.Db.CreateDbContext();
        var rows = await db.CostRecords.AsNoTracking().Where(r => r.ConnectionId == connection.Id).ToListAsync(TestContext.Current.CancellationToken);
        // The fixtures' own sums per day, in EUR: 3.5241 + 1.02650000001 + 0.3333333 + 0.6666667; 12.75 + 4.1; 2.0.
        rows.GroupBy(r => r.UsageDate).ToDictionary(g => g.Key, g => g.Sum(r => r.OriginalMicros)).ShouldBe(new Dictionary<DateOnly, long>
        {
            [new(2026, 11, 18)] = 5_550_600, [new(2026, 11, 19)] = 16_850_000, [new(2026, 11, 20)] = 2_000_000,
        }, ignoreOrder: true);
        rows.ShouldAllBe(r => r.OriginalCurrency == "EUR" && r.Currency == "USD" && !r.Unconverted);
        // After conversion, each day is its EUR total at the day's rate, rounded once: 5.5506 × 1.0498 = 5.82701988.
        rows.Where(r => r.UsageDate == new DateOnly(2026, 11, 18)).Sum(r => r.CostMicros).ShouldBe(5_827_020);
        rows.Where(r => r.UsageDate == new DateOnly(2026, 11, 19)).Sum(r => r.CostMicros).ShouldBe(17_727_885); // 16.85 × 1.0521
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(rows.Sum(r => r.CostMicros));

        var cached = rows.Single(r => r.LineItem!.StartsWith("gpt 4o 1120 cached", StringComparison.Ordinal));
        (cached.Model, cached.OriginalMicros, cached.ServiceTier, cached.ProjectId, cached.AccountId).ShouldBe(("gpt-4o-1120", 1_000_000L, "global", "aoai-prod", Subscription));
        TokenTypes.Of(cached.LineItem).ShouldBe(TokenType.CachedInput);
        rows.Single(r => r.Model == "gpt-4o-0806" && TokenTypes.Of(r.LineItem) == TokenType.Input).ProjectId.ShouldBe("aoai-prod"); // the id's case is folded
        rows.Single(r => r.Model == "gpt-4o-mini-0718").ServiceTier.ShouldBe("batch data zone");
        rows.Single(r => r.Model == "gpt-5").OriginalMicros.ShouldBe(12_750_000);
        // The meter no mapping knows is kept under its own name, and listed.
        rows.Single(r => r.Model == "Provisioned Managed Regional PTU").OriginalMicros.ShouldBe(2_000_000);
        run.Notes.ShouldNotBeNull().ShouldContain("1 Azure meter(s) name no model and token kind we know");
        run.Notes.ShouldContain("Provisioned Managed Regional PTU");
    }

    [Fact]
    public async Task Requests_carry_the_token_the_same_body_on_every_page_and_the_documented_query()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        var token = server.Requests.Single(r => r.Path.EndsWith("/token", StringComparison.Ordinal));
        token.Method.ShouldBe("POST");
        token.Body.ShouldContain("grant_type=client_credentials");
        token.Body.ShouldContain($"client_id={ClientId}");
        token.Body.ShouldContain("scope=https%3A%2F%2Fmanagement.azure.com%2F.default");
        var queries = server.Requests.Where(r => r.Path == QueryPath).ToList();
        queries.Count.ShouldBe(2);
        queries.ShouldAllBe(q => q.Method == "POST" && q.Headers["Authorization"] == "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-management-token");
        queries[0].Query.ShouldContain("api-version=2023-11-01");
        queries[1].Body.ShouldBe(queries[0].Body);
        using var body = JsonDocument.Parse(queries[0].Body);
        var root = body.RootElement;
        (root.GetProperty("type").GetString(), root.GetProperty("timeframe").GetString()).ShouldBe(("ActualCost", "Custom"));
        root.GetProperty("timePeriod").GetProperty("from").GetString().ShouldBe("2026-11-18T00:00:00Z");
        root.GetProperty("timePeriod").GetProperty("to").GetString().ShouldBe("2026-11-20T23:59:59Z");
        root.GetProperty("dataset").GetProperty("granularity").GetString().ShouldBe("Daily");
        root.GetProperty("dataset").GetProperty("grouping").EnumerateArray().Select(g => g.GetProperty("name").GetString()).ShouldBe(["ResourceId", "Meter"]);
        root.GetProperty("dataset").GetProperty("filter").GetProperty("dimensions").GetProperty("values")[0].GetString().ShouldBe("microsoft.cognitiveservices/accounts");
        server.Requests.ShouldAllBe(r => !r.Body.Contains(Secret) || r.Path.EndsWith("/token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_credential_signs_a_client_assertion_that_entra_can_check_and_no_secret_travels()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=aigateway-dashboard", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pem = certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem();
        var (h, server, connection) = await ArrangeAsync(secret: pem);
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(server.Requests.Single(r => r.Path.EndsWith("/token", StringComparison.Ordinal)).Body);
        form.ContainsKey("client_secret").ShouldBeFalse();
        form["client_assertion_type"].ToString().ShouldBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        var parts = form["client_assertion"].ToString().Split('.');
        static byte[] B64(string t) => Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/').PadRight(t.Length + (4 - t.Length % 4) % 4, '='));
        rsa.VerifyData(System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), B64(parts[2]), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1).ShouldBeTrue();
        using var header = JsonDocument.Parse(B64(parts[0]));
        header.RootElement.GetProperty("x5t").GetString().ShouldBe(AiGateway.Dashboard.Providers.Http.Rs256Jwt.Base64Url(certificate.GetCertHash()));
        using var claims = JsonDocument.Parse(B64(parts[1]));
        (claims.RootElement.GetProperty("iss").GetString(), claims.RootElement.GetProperty("sub").GetString()).ShouldBe((ClientId, ClientId));
        claims.RootElement.GetProperty("aud").GetString().ShouldBe(new Uri(server.BaseAddress, $"{Tenant}/oauth2/v2.0/token").ToString());
        server.Requests.ShouldAllBe(r => !r.Body.Contains("PRIVATE KEY"));
    }

    [Fact]
    public async Task A_managed_identity_takes_its_token_from_the_metadata_endpoint_with_no_secret_stored()
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;
        server.MapJson("/metadata/identity/oauth2/token", """{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-management-token","expires_in":"3599","expires_on":"1795000000","resource":"https://management.azure.com/","token_type":"Bearer"}""");
        await using (var db = h.Db.CreateDbContext())
        {
            // Declared as configuration declares it: every value a string.
            var settings = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["scope"] = $"subscriptions/{Subscription}", ["managedIdentity"] = "true", ["clientId"] = ClientId,
                ["identityEndpoint"] = new Uri(server.BaseAddress, "metadata/identity/oauth2/token").ToString(),
            });
            await db.Connections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Settings, settings).SetProperty(c => c.EncryptedSecret, (string?)null), TestContext.Current.CancellationToken);
        }

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        var imds = server.Requests.Single(r => r.Path == "/metadata/identity/oauth2/token");
        imds.Headers["Metadata"].ShouldBe("true");
        Uri.UnescapeDataString(imds.Query).ShouldContain("resource=https://management.azure.com/");
        imds.Query.ShouldContain($"client_id={ClientId}");
        server.Count($"/{Tenant}/oauth2/v2.0/token").ShouldBe(0);
        server.Requests.Where(r => r.Path == QueryPath).ShouldAllBe(q => q.Headers["Authorization"] == "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-management-token");
    }

    [Fact]
    public async Task A_backfill_longer_than_31_days_is_asked_in_windows_the_api_does_not_cut()
    {
        var (h, server, connection) = await ArrangeAsync(backfillDays: 75, query: ctx => { ctx.Response.StatusCode = 204; return Task.CompletedTask; });
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.RowsWritten.ShouldBe(0); // 204: no data
        var periods = server.Requests.Where(r => r.Path == QueryPath)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("timePeriod"))
            .Select(p => (p.GetProperty("from").GetString()![..10], p.GetProperty("to").GetString()![..10])).ToList();
        periods.ShouldBe([("2026-09-07", "2026-10-07"), ("2026-10-08", "2026-11-07"), ("2026-11-08", "2026-11-20")]);
        AzureCostClient.Chunks(new DateWindow(new(2026, 1, 1), new(2026, 12, 31))).ShouldAllBe(w => w.To.DayNumber - w.From.DayNumber + 1 <= AzureCostClient.MaxDaysPerQuery);
    }

    [Fact]
    public async Task Throttling_with_several_retry_after_headers_is_waited_out_for_the_longest()
    {
        var attempts = 0;
        LoopbackServer? serverRef = null;
        var (h, server, connection) = await ArrangeAsync(query: async ctx =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                ctx.Response.StatusCode = 429;
                ctx.Response.Headers["x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after"] = "0";
                ctx.Response.Headers["x-ms-ratelimit-microsoft.costmanagement-entity-retry-after"] = "1";
                await ctx.Response.WriteAsync("{\"error\":{\"code\":\"429\",\"message\":\"Too many requests. Please retry.\"}}");
                return;
            }
            await LoopbackServer.Json(ctx, Page(ctx, serverRef!));
        });
        serverRef = server;
        await using var _ = h;
        await using var __ = server;

        var started = System.Diagnostics.Stopwatch.StartNew();
        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        server.Count(QueryPath).ShouldBe(3);
        started.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)); // the larger of 0 and 1 s
    }

    [Theory]
    [InlineData(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}", "AADSTS7000215: Invalid client secret provided.")]
    [InlineData(400, "{\"error\":\"invalid_request\",\"error_description\":\"AADSTS90002: Tenant not found.\"}", "AADSTS90002: Tenant not found.")]
    public async Task A_refused_token_fails_the_run_with_entra_ids_reason_and_keeps_the_data(int status, string body, string expected)
    {
        var (h, server, connection) = await ArrangeAsync();
        await using var _ = h;
        await using var __ = server;
        server.MapJson($"/{Tenant}/oauth2/v2.0/token", body, status);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain(expected);
        run.Error.ShouldNotContain(Secret);
        server.Count(QueryPath).ShouldBe(0);
    }

    [Theory]
    [InlineData("{\"properties\":{\"nextLink\":null,\"columns\":[{\"name\":\"Cost\"},{\"name\":\"UsageDate\"},{\"name\":\"Currency\"}],\"rows\":[[1.5,\"2026-11-18\",\"EUR\"]]}}", "UsageDate '2026-11-18', which is not yyyyMMdd")]
    [InlineData("{\"properties\":{\"nextLink\":null,\"columns\":[{\"name\":\"Cost\"},{\"name\":\"UsageDate\"},{\"name\":\"Currency\"}],\"rows\":[[\"lots\",20261118,\"EUR\"]]}}", "the cost 'lots' for 2026-11-18, which is not a number")]
    [InlineData("{\"properties\":{\"nextLink\":null,\"columns\":[{\"name\":\"Meter\"}],\"rows\":[]}}", "without a cost or a UsageDate column")]
    [InlineData("{\"properties\":{\"nextLink\":null,\"columns\":[{\"name\":\"Cost\"},{\"name\":\"UsageDate\"},{\"name\":\"Currency\"}],\"rows\":[[1e15,20261118,\"EUR\"]]}}", "beyond any plausible day")]
    public async Task A_bad_answer_fails_clearly_and_writes_nothing(string json, string expected)
    {
        var (h, server, connection) = await ArrangeAsync(query: ctx => LoopbackServer.Json(ctx, json));
        await using var _ = h;
        await using var __ = server;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain(expected);
        (await h.RowCountAsync(connection.Id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("gpt-4o-0806-Inp-glbl Tokens", "gpt-4o-0806", TokenType.Input, "global")]
    [InlineData("gpt 4o 0513 Input global Tokens", "gpt-4o-0513", TokenType.Input, "global")]
    [InlineData("gpt 4o 1120 cached Inp glbl", "gpt-4o-1120", TokenType.CachedInput, "global")]
    [InlineData("GPT 5 Inpt Glbl", "gpt-5", TokenType.Input, "global")]
    [InlineData("gpt-4o-mini-0718-Inp-regnl Tokens", "gpt-4o-mini-0718", TokenType.Input, "regional")]
    [InlineData("gpt-4o-mini-0718-Outp-DZone Tokens", "gpt-4o-mini-0718", TokenType.Output, "data zone")]
    [InlineData("gpt-4.1-Batch-Inp-glbl Tokens", "gpt-4.1", TokenType.Input, "batch global")]
    [InlineData("o3 mini 0131 Outp Data Zone", "o3-mini-0131", TokenType.Output, "data zone")]
    [InlineData("gpt-4o-0806-Outp Tokens", "gpt-4o-0806", TokenType.Output, null)]
    public void Meter_spellings_give_the_model_the_token_kind_and_the_deployment(string meter, string model, TokenType type, string? deployment) =>
        AzureMeters.Parse(meter).ShouldBe(new AzureMeter(model, type, deployment));

    [Theory]
    [InlineData("Provisioned Managed Regional PTU")]
    [InlineData("Inp glbl Tokens")]
    [InlineData("")]
    public void A_meter_naming_no_kind_is_not_guessed(string meter) => AzureMeters.Parse(meter).ShouldBeNull();
}
