using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>Connections and sync runs over HTTP against the real host, with a fake OpenAI on loopback.</summary>
public class ConnectionsApiTests
{
    private const string Secret = "sk-admin-live-secret-value-Mq3v";

    private static async Task<(DashboardFactory Factory, int ConnectionId)> ArrangeAsync(Uri fakeOpenAI)
    {
        var factory = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" }) { CaptureLogs = true };
        _ = factory.BaseAddress;
        var id = await factory.Services.GetRequiredService<ConnectionsService>().CreateAsync(new ConnectionInput
        {
            Name = "OpenAI live", Kind = ProviderKind.OpenAI, BaseUrl = fakeOpenAI.ToString(), Secret = Secret, BackfillDays = 10,
        }, "test", TestContext.Current.CancellationToken);
        return (factory, id);
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, long runId)
    {
        for (var i = 0; i < 200; i++)
        {
            var run = JsonDocument.Parse(await client.GetStringAsync($"api/v1/sync-runs/{runId}", TestContext.Current.CancellationToken)).RootElement;
            if (run.GetProperty("status").GetString() != "Running") return run;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"sync run {runId} did not finish");
    }

    [Fact]
    public async Task Sync_over_the_api_answers_202_with_a_run_id_and_the_run_reports_its_outcome()
    {
        await using var fake = await LiveOpenAIFake.StartAsync(Secret);
        var (factory, id) = await ArrangeAsync(fake.BaseAddress);
        await using var _ = factory;
        using var client = factory.CreateRealClient(DashboardFactory.AdminKey);

        var response = await client.PostAsync($"api/v1/connections/{id}/sync", null, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("runId").GetInt64();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/sync-runs/{runId}");
        var run = await WaitForRunAsync(client, runId);
        run.GetProperty("status").GetString().ShouldBe("Succeeded", run.ToString());
        run.GetProperty("trigger").GetString().ShouldBe("Api");
        run.GetProperty("rowsWritten").GetInt32().ShouldBe(20); // 10 days × (1 billed + 1 usage)
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        run.GetProperty("window").GetProperty("to").GetString().ShouldBe(today.ToString("yyyy-MM-dd"));
        run.GetProperty("window").GetProperty("from").GetString().ShouldBe(today.AddDays(-9).ToString("yyyy-MM-dd"));

        // Spend per day equals the cost endpoint's amount for that day, to the micro-unit.
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var spend = JsonDocument.Parse(await reader.GetStringAsync($"api/v1/spend?from={today.AddDays(-9):yyyy-MM-dd}&to={today:yyyy-MM-dd}&groupBy=provider,day", TestContext.Current.CancellationToken)).RootElement;
        var rows = spend.GetProperty("rows").EnumerateArray().ToList();
        rows.Count.ShouldBe(10);
        rows.ShouldAllBe(r => r.GetProperty("cost").GetDecimal() == LiveOpenAIFake.DailyCost && r.GetProperty("provider").GetString() == "OpenAI");
        spend.GetProperty("total").GetDecimal().ShouldBe(LiveOpenAIFake.DailyCost * 10);

        // Projects carry the name people know, not only the provider's id.
        var byProject = JsonDocument.Parse(await reader.GetStringAsync($"api/v1/spend?from={today.AddDays(-9):yyyy-MM-dd}&to={today:yyyy-MM-dd}&groupBy=project", TestContext.Current.CancellationToken)).RootElement;
        var project = byProject.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("project").GetString() == LiveOpenAIFake.ProjectId);
        project.GetProperty("projectName").GetString().ShouldBe("Live project");
    }

    [Fact]
    public async Task Connections_are_listed_without_any_part_of_the_secret()
    {
        await using var fake = await LiveOpenAIFake.StartAsync(Secret);
        var (factory, id) = await ArrangeAsync(fake.BaseAddress);
        await using var _ = factory;
        using var client = factory.CreateRealClient(DashboardFactory.AdminKey);

        var body = await client.GetStringAsync("api/v1/connections", TestContext.Current.CancellationToken);

        var connection = JsonDocument.Parse(body).RootElement.EnumerateArray().Single();
        connection.GetProperty("id").GetInt32().ShouldBe(id);
        connection.GetProperty("hasSecret").GetBoolean().ShouldBeTrue();
        connection.GetProperty("baseUrl").GetString()!.ShouldStartWith("http://127.0.0.1:");
        body.ShouldNotContain(Secret);
        body.ShouldNotContain("Mq3v");
        body.ShouldNotContain("ncryptedSecret");
    }

    [Theory]
    [InlineData(DashboardFactory.SpendKey, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Connection_endpoints_need_the_admin_scope(string? key, HttpStatusCode expected)
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        using var client = factory.CreateRealClient(key);
        (await client.GetAsync("api/v1/connections", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(expected);
        (await client.PostAsync("api/v1/connections/1/sync", null, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(expected);
        (await client.GetAsync("api/v1/sync-runs/1", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task Unknown_and_disabled_connections_answer_problem_details()
    {
        await using var fake = await LiveOpenAIFake.StartAsync(Secret);
        var (factory, id) = await ArrangeAsync(fake.BaseAddress);
        await using var _ = factory;
        await factory.Services.GetRequiredService<ConnectionsService>().SetEnabledAsync(id, false, "test", TestContext.Current.CancellationToken);
        using var client = factory.CreateRealClient(DashboardFactory.AdminKey);

        var unknown = await client.PostAsync("api/v1/connections/999/sync", null, TestContext.Current.CancellationToken);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var disabled = await client.PostAsync($"api/v1/connections/{id}/sync", null, TestContext.Current.CancellationToken);
        disabled.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await disabled.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("disabled");
        (await client.GetAsync("api/v1/sync-runs/424242", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_secret_never_appears_in_a_page_an_api_response_the_audit_trail_or_a_log_line()
    {
        await using var fake = await LiveOpenAIFake.StartAsync(Secret);
        var (factory, id) = await ArrangeAsync(fake.BaseAddress);
        await using var _ = factory;
        var service = factory.Services.GetRequiredService<ConnectionsService>();
        (await service.TestAsync(id, TestContext.Current.CancellationToken)).Ok.ShouldBeTrue();
        using var api = factory.CreateRealClient(DashboardFactory.AdminKey);
        var accepted = await api.PostAsync($"api/v1/connections/{id}/sync", null, TestContext.Current.CancellationToken);
        var run = await WaitForRunAsync(api, (await accepted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("runId").GetInt64());
        run.GetProperty("status").GetString().ShouldBe("Succeeded");
        await service.UpdateAsync(id, new ConnectionInput { Name = "OpenAI live", Kind = ProviderKind.OpenAI, BaseUrl = fake.BaseAddress.ToString(), Secret = "sk-admin-wrong-key-0000", BackfillDays = 10 }, "test", TestContext.Current.CancellationToken);
        (await service.TestAsync(id, TestContext.Current.CancellationToken)).Message.ShouldContain("check the admin key");

        var responses = new List<string>
        {
            await api.GetStringAsync("api/v1/connections", TestContext.Current.CancellationToken),
            await api.GetStringAsync($"api/v1/sync-runs/{run.GetProperty("id").GetInt64()}", TestContext.Current.CancellationToken),
            await api.GetStringAsync("health", TestContext.Current.CancellationToken),
        };
        using var admin = factory.CreateRealClient();
        await SignIn.AsAsync(admin, "admin");
        foreach (var page in new[] { "connections", "admin", "" }) responses.Add(await admin.GetStringAsync(page, TestContext.Current.CancellationToken));

        fake.Requests.ShouldContain(r => r.Headers.GetValueOrDefault("Authorization") == "Bearer " + Secret); // really used
        responses.ShouldAllBe(body => !body.Contains(Secret));
        WebUtility.HtmlDecode(responses[3]).ShouldContain("…0000"); // the page shows the current key's last four characters only
        factory.Logs.Lines.Count.ShouldBeGreaterThan(50);
        factory.Logs.Lines.ShouldAllBe(line => !line.Contains(Secret) && !line.Contains("sk-admin-wrong-key-0000"));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        (await db.AuditEvents.ToListAsync(TestContext.Current.CancellationToken)).ShouldAllBe(a => !(a.Before + a.After).Contains(Secret) && !(a.Before + a.After).Contains("wrong-key-0000"));
        (await db.Connections.SingleAsync(TestContext.Current.CancellationToken)).EncryptedSecret.ShouldNotBeNull().ShouldNotContain("sk-admin");
    }
}
