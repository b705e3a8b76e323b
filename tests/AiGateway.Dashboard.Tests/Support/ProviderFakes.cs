using Microsoft.AspNetCore.Http;

namespace AiGateway.Dashboard.Tests.Support;

/// <summary>Routes of the fake OpenAI and Anthropic servers, answering from our fixtures.</summary>
public static class ProviderFakes
{
    public static readonly string[] OpenAICostPages = ["OpenAI/costs-page1.json", "OpenAI/costs-page2.json", "OpenAI/costs-page3.json"];
    public static readonly string[] AnthropicCostPages = ["Anthropic/cost-page1.json", "Anthropic/cost-page2.json", "Anthropic/cost-page3.json"];

    public static void MapOpenAI(LoopbackServer server, Func<string, string>? costPage = null)
    {
        costPage ??= Fixtures.Read;
        server.Map("/v1/organization/costs", ctx => LoopbackServer.Json(ctx, costPage(PageFor(ctx, OpenAICostPages,
            "page_AAAAAGi1cwAAAAAAZ0KxgA=", "page_AAAAAGi2xIAAAAAAZ0PDAA="))));
        server.MapJson("/v1/organization/usage/completions", Fixtures.Read("OpenAI/usage-completions.json"));
        server.MapJson("/v1/organization/usage/embeddings", Fixtures.Read("OpenAI/usage-embeddings.json"));
        // images and audio are not mapped: a 404 means "not present here" and is skipped.
        server.MapJson("/v1/organization/projects", Fixtures.Read("OpenAI/projects.json"));
        server.MapJson("/v1/organization/projects/proj_search/api_keys", Fixtures.Read("OpenAI/keys-proj_search.json"));
        server.MapJson("/v1/organization/projects/proj_support/api_keys", Fixtures.Read("OpenAI/keys-proj_support.json"));
    }

    public static void MapAnthropic(LoopbackServer server, Func<string, string>? costPage = null)
    {
        costPage ??= Fixtures.Read;
        server.Map("/v1/organizations/cost_report", ctx => LoopbackServer.Json(ctx, costPage(PageFor(ctx, AnthropicCostPages,
            "page_MjAyNi0xMS0xOVQwMDowMDowMFo=", "page_MjAyNi0xMS0yMFQwMDowMDowMFo="))));
        server.MapJson("/v1/organizations/usage_report/messages", Fixtures.Read("Anthropic/usage-messages.json"));
        server.MapJson("/v1/organizations/workspaces", Fixtures.Read("Anthropic/workspaces.json"));
        server.MapJson("/v1/organizations/api_keys", Fixtures.Read("Anthropic/api-keys.json"));
    }

    /// <summary>Cost Explorer: one path, the operation in X-Amz-Target; the page token in the body picks the second page.</summary>
    public static void MapBedrock(LoopbackServer server, Func<HttpContext, string, Task>? cost = null) =>
        server.Map("/", async ctx =>
        {
            var target = ctx.Request.Headers["X-Amz-Target"].ToString();
            if (target.EndsWith("GetDimensionValues", StringComparison.Ordinal)) { await LoopbackServer.Json(ctx, Fixtures.Read("Bedrock/dimension-values.json")); return; }
            var body = server.Requests.Last(r => r.Headers.GetValueOrDefault("X-Amz-Target", "").EndsWith("GetCostAndUsage", StringComparison.Ordinal)).Body;
            if (cost is not null) { await cost(ctx, body); return; }
            await LoopbackServer.Json(ctx, Fixtures.Read(body.Contains("NextPageToken", StringComparison.Ordinal) ? "Bedrock/cost-page2.json" : "Bedrock/cost-page1.json"));
        });

    /// <summary>BigQuery: the query answers "running", the job's results come in two pages.</summary>
    public static void MapBigQuery(LoopbackServer server, string project = "contoso-billing")
    {
        server.MapJson($"/bigquery/v2/projects/{project}/queries", Fixtures.Read("Vertex/query-running.json"));
        server.Map($"/bigquery/v2/projects/{project}/queries/job_Q7x2kPz", ctx => LoopbackServer.Json(ctx, Fixtures.Read(ctx.Request.Query.ContainsKey("pageToken") ? "Vertex/results-page2.json" : "Vertex/results-page1.json")));
    }

    /// <summary>Google's token endpoint: a jwt-bearer grant whose assertion <paramref name="key"/> signed (the form is read from what the server recorded).</summary>
    public static void MapGoogleToken(LoopbackServer server, System.Security.Cryptography.RSA key) => server.Map("/token", async ctx =>
    {
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(server.Requests.Last(r => r.Path == "/token").Body);
        var parts = form["assertion"].ToString().Split('.');
        static byte[] B64(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/').PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
        var valid = form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer" && parts.Length == 3
                    && key.VerifyData(System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), B64(parts[2]), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        if (!valid) { await LoopbackServer.Json(ctx, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""", 400); return; }
        await LoopbackServer.Json(ctx, """{"access_token":"ya29.fake-bigquery-token","expires_in":3599,"token_type":"Bearer"}""");
    });

    /// <summary>A service-account key JSON for <paramref name="key"/>, whose token_uri is <paramref name="tokenUri"/>.</summary>
    public static string ServiceAccountKeyJson(System.Security.Cryptography.RSA key, Uri tokenUri) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account", ["project_id"] = "contoso-billing", ["private_key_id"] = "3f2a9c",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(), ["client_email"] = "billing-reader@contoso-billing.iam.gserviceaccount.com", ["token_uri"] = tokenUri.ToString(),
    });

    /// <summary>Mistral's usage per month, from Mistral/usage-yyyy-MM.json.</summary>
    public static void MapMistral(LoopbackServer server) => server.Map("/usage", ctx => LoopbackServer.Json(ctx,
        Fixtures.Read($"Mistral/usage-{ctx.Request.Query["year"]}-{int.Parse(ctx.Request.Query["month"]!, System.Globalization.CultureInfo.InvariantCulture):00}.json")));

    public const string OpenRouterSupportBotHash = "f01d52606dc8f0a8303a7b5cc3fa07109c2e346cec7c0a16b40de462992ce943";

    /// <summary>OpenRouter: two keys, activity for the first.</summary>
    public static void MapOpenRouter(LoopbackServer server)
    {
        server.MapJson("/keys", Fixtures.Read("OpenRouter/keys.json"));
        server.Map("/activity", ctx => LoopbackServer.Json(ctx, ctx.Request.Query["api_key_hash"] == OpenRouterSupportBotHash
            ? Fixtures.Read("OpenRouter/activity-support-bot.json") : """{"data":[]}"""));
    }

    // The cursor each page hands out picks the next fixture; an unknown cursor is a client bug.
    private static string PageFor(HttpContext ctx, string[] pages, string second, string third) => ctx.Request.Query["page"].ToString() switch
    {
        "" => pages[0],
        var p when p == second => pages[1],
        var p when p == third => pages[2],
        var p => throw new InvalidOperationException($"unknown page cursor {p}"),
    };
}
