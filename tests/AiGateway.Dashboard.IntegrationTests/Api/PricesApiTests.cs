using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.Features.Prices;
using AiGateway.Dashboard.IntegrationTests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>The price catalog loaded at start, over HTTP.</summary>
public class PricesApiTests(SharedDashboard dashboard)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_catalog_is_loaded_at_start_and_answers_the_price_in_force_on_a_day()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var asOf = PriceCatalog.Load().AsOf;

        var rows = JsonDocument.Parse(await client.GetStringAsync($"api/v1/prices?provider=openai&model=gpt-4o-mini&at={asOf:yyyy-MM-dd}", Ct)).RootElement.EnumerateArray().ToList();

        rows.Select(r => r.GetProperty("serviceTier").GetString()).Order().ShouldBe(["batch", "standard"]);
        var standard = rows.Single(r => r.GetProperty("serviceTier").GetString() == "standard");
        standard.GetProperty("input").GetDecimal().ShouldBe(0.15m);
        standard.GetProperty("cachedInput").GetDecimal().ShouldBe(0.075m);
        standard.GetProperty("output").GetDecimal().ShouldBe(0.6m);
        standard.GetProperty("unit").GetString().ShouldBe("1000000 tokens");
        standard.GetProperty("origin").GetString().ShouldBe("catalog");
        standard.GetProperty("source").GetString().ShouldStartWith("https://");
        standard.GetProperty("effectiveFrom").GetString().ShouldBe("2000-01-01", "the snapshot's list price is the best known price before it too");
        (await client.GetStringAsync("api/v1/prices?at=1999-12-31", Ct)).ShouldBe("[]");
    }

    [Theory]
    [InlineData("provider=openia", "provider")]
    [InlineData("at=2026-13-01", "at")]
    public async Task A_bad_parameter_is_a_clear_400(string query, string parameter)
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var response = await client.GetAsync($"api/v1/prices?{query}", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("parameter").GetString().ShouldBe(parameter);
    }

    [Fact]
    public async Task A_key_without_spend_read_and_a_viewer_are_refused()
    {
        using var usage = dashboard.Factory.CreateRealClient(DashboardFactory.UsageKey);
        (await usage.GetAsync("api/v1/prices", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var viewer = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(viewer, "viewer");
        (await viewer.GetAsync("api/v1/prices", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
