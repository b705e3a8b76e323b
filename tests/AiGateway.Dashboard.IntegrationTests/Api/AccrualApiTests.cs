using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reconciliation;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>Accruals (issue 13 §6): gateway usage for the days not yet billed, a labelled run rate where a provider has none, and the true-up at close.</summary>
public class AccrualApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const long D = Money.MicrosPerUnit;

    [Fact]
    public async Task Open_months_accrue_from_gateway_usage_or_a_run_rate_and_a_closed_month_lists_its_true_up()
    {
        // 10 December, 12:00 UTC: OpenAI and Anthropic have billed 1–8 December.
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero));
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" }) { Clock = clock };
        var early = Enumerable.Range(1, 8).Select(d => new DateOnly(2026, 12, d)).ToList();
        await BilledRows.AddAsync(factory, ProviderKind.OpenAI, early.Select(d => (d, "proj_a", 10 * D)));
        await BilledRows.AddAsync(factory, ProviderKind.Anthropic, early.Select(d => (d, "ws_b", 4 * D)));

        // The gateway saw OpenAI traffic on the 9th and 10th ($1.20 + $0.60 of gpt-4o-mini output); nothing of Anthropic's.
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        (await gateway.PostAsync("api/v1/usage", new StringContent(JsonSerializer.Serialize(new
        {
            events = new[]
            {
                new { id = "u-9", timestamp = "2026-12-09T15:00:00Z", provider = "OpenAI", model = "gpt-4o-mini", project = "proj_a", outputTokens = 2_000_000 },
                new { id = "u-10", timestamp = "2026-12-10T08:00:00Z", provider = "OpenAI", model = "gpt-4o-mini", project = "proj_a", outputTokens = 1_000_000 },
            },
        }), Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var books = factory.CreateRealClient(DashboardFactory.BooksKey);
        var accruals = (await books.GetFromJsonAsync<JsonElement>("api/v1/periods/2026-12", Ct)).GetProperty("accruals").EnumerateArray()
            .ToDictionary(a => a.GetProperty("provider").GetString()!);
        var openai = accruals["OpenAI"];
        (openai.GetProperty("billed").GetDecimal(), openai.GetProperty("accrued").GetDecimal(), openai.GetProperty("method").GetString(), openai.GetProperty("expected").GetDecimal())
            .ShouldBe((80m, 1.80m, "gatewayUsage", 81.80m));
        (openai.GetProperty("accruedFrom").GetString(), openai.GetProperty("accruedTo").GetString()).ShouldBe(("2026-12-09", "2026-12-10"));
        // No gateway usage: $4 a day over the 9th and half of the 10th (12:00 UTC) = $6, and it says so.
        var anthropic = accruals["Anthropic"];
        (anthropic.GetProperty("billed").GetDecimal(), anthropic.GetProperty("accrued").GetDecimal(), anthropic.GetProperty("method").GetString(), anthropic.GetProperty("runRatePerDay").GetDecimal())
            .ShouldBe((32m, 6m, "runRate", 4m));
        anthropic.GetProperty("description").GetString().ShouldBe("run rate of its last 7 complete billed days ($4.00 a day) for 2026-12-09 – 2026-12-10");
        await factory.Services.GetRequiredService<ReconciliationMonitor>().RecordAccrualsAsync(Ct);

        // January: the rest of December is billed ($11 a day for OpenAI, $4 for Anthropic) and the month is closed.
        clock.Advance(TimeSpan.FromDays(33));
        var late = Enumerable.Range(9, 23).Select(d => new DateOnly(2026, 12, d)).ToList();
        await BilledRows.AddAsync(factory, ProviderKind.OpenAI, late.Select(d => (d, "proj_a", 11 * D)));
        await BilledRows.AddAsync(factory, ProviderKind.Anthropic, late.Select(d => (d, "ws_b", 4 * D)));
        var close = await books.PostAsJsonAsync("api/v1/periods/2026-12/close", new { confirmEarly = true }, Ct);
        close.StatusCode.ShouldBe(HttpStatusCode.OK, await close.Content.ReadAsStringAsync(Ct));

        var period = await books.GetFromJsonAsync<JsonElement>("api/v1/periods/2026-12", Ct);
        period.TryGetProperty("accruals", out _).ShouldBeFalse("a closed month has its true-up, not accruals");
        var trueUp = period.GetProperty("trueUp").EnumerateArray().ToDictionary(t => t.GetProperty("provider").GetString()!);
        // OpenAI: billed 80 + accrued 1.80 then, 80 + 23 × 11 = 333 finally → the accrual was $251.20 short.
        (trueUp["OpenAI"].GetProperty("billedThen").GetDecimal(), trueUp["OpenAI"].GetProperty("accruedThen").GetDecimal(), trueUp["OpenAI"].GetProperty("finallyBilled").GetDecimal(),
            trueUp["OpenAI"].GetProperty("trueUp").GetDecimal()).ShouldBe((80m, 1.80m, 333m, 251.20m));
        (trueUp["Anthropic"].GetProperty("finallyBilled").GetDecimal(), trueUp["Anthropic"].GetProperty("trueUp").GetDecimal(), trueUp["Anthropic"].GetProperty("method").GetString())
            .ShouldBe((124m, 86m, "runRate"));
    }
}
