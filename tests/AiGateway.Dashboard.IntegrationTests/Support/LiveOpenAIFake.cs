using System.Globalization;
using System.Text;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>
/// A fake OpenAI Administration API for the running app (whose clock is real): every requested day costs
/// <see cref="DailyCost"/> on one project, whatever the window, one page per request.
/// </summary>
public static class LiveOpenAIFake
{
    public const decimal DailyCost = 1234.567891m;
    public const string ProjectId = "proj_live";

    public static async Task<LoopbackServer> StartAsync(string expectedKey)
    {
        var server = await LoopbackServer.StartAsync();
        server.Map("/v1/organization/costs", ctx => Authorized(ctx, expectedKey, () => Buckets(ctx, day =>
            $$"""{"object":"organization.costs.result","amount":{"value":{{DailyCost.ToString(CultureInfo.InvariantCulture)}},"currency":"usd"},"line_item":"gpt-4o-2024-08-06, input","project_id":"{{ProjectId}}","api_key_id":null}""")));
        server.Map("/v1/organization/usage/completions", ctx => Authorized(ctx, expectedKey, () => Buckets(ctx, _ =>
            $$"""{"object":"organization.usage.completions.result","input_tokens":1000000,"output_tokens":50000,"num_model_requests":420,"project_id":"{{ProjectId}}","api_key_id":"key_live","model":"gpt-4o-2024-08-06"}""")));
        server.Map("/v1/organization/projects", ctx => Authorized(ctx, expectedKey, () =>
            $$"""{"object":"list","data":[{"id":"{{ProjectId}}","object":"organization.project","name":"Live project","status":"active"}],"has_more":false,"last_id":"{{ProjectId}}"}"""));
        server.Map($"/v1/organization/projects/{ProjectId}/api_keys", ctx => Authorized(ctx, expectedKey, () =>
            """{"object":"list","data":[{"object":"organization.project.api_key","id":"key_live","name":"live key"}],"has_more":false,"last_id":"key_live"}"""));
        return server;
    }

    private static Task Authorized(HttpContext ctx, string expectedKey, Func<string> body) =>
        ctx.Request.Headers.Authorization.ToString() == "Bearer " + expectedKey
            ? LoopbackServer.Json(ctx, body())
            : LoopbackServer.Json(ctx, """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""", 401);

    private static string Buckets(HttpContext ctx, Func<DateOnly, string> result)
    {
        var start = long.Parse(ctx.Request.Query["start_time"]!, CultureInfo.InvariantCulture);
        var end = long.Parse(ctx.Request.Query["end_time"]!, CultureInfo.InvariantCulture);
        var json = new StringBuilder("""{"object":"page","data":[""");
        for (var t = start; t < end; t += 86_400)
        {
            var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(t).UtcDateTime);
            if (t > start) json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $$"""{"object":"bucket","start_time":{{t}},"end_time":{{t + 86_400}},"results":[{{result(day)}}]}""");
        }
        return json.Append("""],"has_more":false,"next_page":null}""").ToString();
    }
}
