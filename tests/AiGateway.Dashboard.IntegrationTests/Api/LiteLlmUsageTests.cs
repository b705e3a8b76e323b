using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>LiteLLM as a first gateway (issue 13 §7): its generic API callback's StandardLoggingPayload array, from our fixtures.</summary>
public class LiteLlmUsageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DashboardFactory Factory() => new() { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero)) };

    private static async Task<(HttpStatusCode, JsonElement)> PostAsync(HttpClient client, string fixture)
    {
        var response = await client.PostAsync("api/v1/usage/litellm", new StringContent(Fixtures.Read(fixture), Encoding.UTF8, "application/json"), Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }

    [Fact]
    public async Task Payloads_are_priced_without_charging_cached_tokens_twice_attributed_by_team_and_counted_once()
    {
        await using var factory = Factory();
        int searchId;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            searchId = (await db.OrgUnits.SingleAsync(u => u.Code == "search", Ct)).Id;
            db.AllocationRules.Add(new AllocationRule { Priority = 0, OrgUnitId = searchId, Tag = "team=search" });
            await db.SaveChangesAsync(Ct);
        }
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);

        var (status, answer) = await PostAsync(gateway, "LiteLLM/standard-logging-payloads.json");

        status.ShouldBe(HttpStatusCode.OK, answer.ToString());
        (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("duplicates").GetInt32(), answer.GetProperty("skipped").GetInt32()).ShouldBe((2, 1, 1));
        await using var read = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        var buckets = await read.UsageHours.AsNoTracking().ToListAsync(Ct);

        // OpenAI: 1.2M prompt tokens include 1M cache reads → 0.2M × $0.15 + 1M × $0.075 + 0.3M × $0.60 = $0.285, as LiteLLM said.
        var openai = buckets.Single(b => b.Provider == ProviderKind.OpenAI);
        (openai.Model, openai.OrgUnitId, openai.ApiKeyId).ShouldBe(("gpt-4o-mini", (int?)searchId, "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b"));
        (openai.InputTokens, openai.CachedInputTokens, openai.OutputTokens, openai.HourUtc).ShouldBe((1_200_000L, 1_000_000L, 300_000L, new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc)));
        (openai.CostMicros, openai.GatewayCostMicros).ShouldBe((285_000L, 285_000L));

        // Anthropic: 8M = 1M uncached + 5M cache reads + 2M cache writes (5 min) → $3 + $1.50 + $7.50 + 0.5M out × $15 = $19.50; the dated model id uses its family's price.
        var anthropic = buckets.Single(b => b.Provider == ProviderKind.Anthropic);
        (anthropic.Model, anthropic.InputTokens, anthropic.CachedInputTokens, anthropic.CacheWriteTokens).ShouldBe(("claude-sonnet-4-5-20250929", 8_000_000L, 5_000_000L, 2_000_000L));
        (anthropic.CostMicros, anthropic.GatewayCostMicros, anthropic.Unpriced).ShouldBe((19_500_000L, 19_500_000L, false));

        // The same array again (LiteLLM retries a batch it could not confirm): nothing counts twice.
        var (_, again) = await PostAsync(gateway, "LiteLLM/standard-logging-payloads.json");
        (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()).ShouldBe((0, 3));
    }

    [Fact]
    public async Task A_bad_payload_refuses_the_array_naming_each_payload_and_nothing_is_stored()
    {
        await using var factory = Factory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);

        var (status, problem) = await PostAsync(gateway, "LiteLLM/bad-payloads.json");

        status.ShouldBe(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        errors.ShouldContain("item 2: id is required.");
        errors.ShouldContain(e => e.StartsWith("item 3: custom_llm_provider 'cohere' is not one we price", StringComparison.Ordinal));
        errors.ShouldContain("item 3: startTime must be a time in epoch seconds.");
        errors.ShouldContain("item 3: prompt_tokens must be a whole number from 0 to 1,000,000,000,000.");
        errors.ShouldContain(e => e.StartsWith("item 4: timestamp", StringComparison.Ordinal) && e.EndsWith("more than 40 days old (Usage:MaxAgeDays).", StringComparison.Ordinal));
        errors.ShouldNotContain(e => e.StartsWith("item 1:", StringComparison.Ordinal));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        (await db.UsageHours.CountAsync(Ct)).ShouldBe(0);
        (await db.UsageEventIds.CountAsync(Ct)).ShouldBe(0);

        (await gateway.PostAsync("api/v1/usage/litellm", new StringContent("{\"events\":[]}", Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        (await reader.PostAsync("api/v1/usage/litellm", new StringContent("[]", Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = factory.CreateRealClient();
        (await anonymous.PostAsync("api/v1/usage/litellm", new StringContent("[]", Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
