using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Api;

public class OutcomesApiTests
{
    [Fact]
    public async Task Outcome_counts_are_recorded_all_or_nothing_with_the_usage_write_scope()
    {
        await using var factory = new DashboardFactory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        // A day of this month by the app's own clock (yesterday would be last month on the 1st).
        var yesterday = factory.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var ok = await gateway.PostAsJsonAsync("api/v1/outcomes", new
        {
            items = new[]
            {
                new { orgUnit = "search", metric = "Answers accepted", unit = "answers", date = yesterday, count = 5_000 },
                new { orgUnit = "search-answers", metric = "Answers accepted", unit = "answers", date = yesterday, count = 4_000 },
            },
        }, TestContext.Current.CancellationToken);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("recorded").GetInt32().ShouldBe(2);

        var bad = await gateway.PostAsJsonAsync("api/v1/outcomes", new
        {
            items = new[]
            {
                new { orgUnit = "search", metric = "Answers accepted", unit = "answers", date = yesterday, count = 7 },
                new { orgUnit = "nowhere", metric = "Answers accepted", unit = "answers", date = yesterday, count = -1 },
            },
        }, TestContext.Current.CancellationToken);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ShouldBe(["item 1: 'nowhere' is not a known org unit code.", "item 1: the count -1 is negative."]);

        // The refused batch changed nothing: the first count of 5,000 stands.
        using var admin = factory.CreateRealClient();
        await SignIn.AsAsync(admin, "finance");
        var page = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync("units/search", TestContext.Current.CancellationToken));
        page.ShouldContain("Answers accepted: 5,000 answers this month");

        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        (await reader.PostAsJsonAsync("api/v1/outcomes", new { items = Array.Empty<object>() }, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
