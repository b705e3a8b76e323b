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

    // The cursor each page hands out picks the next fixture; an unknown cursor is a client bug.
    private static string PageFor(HttpContext ctx, string[] pages, string second, string third) => ctx.Request.Query["page"].ToString() switch
    {
        "" => pages[0],
        var p when p == second => pages[1],
        var p when p == third => pages[2],
        var p => throw new InvalidOperationException($"unknown page cursor {p}"),
    };
}
