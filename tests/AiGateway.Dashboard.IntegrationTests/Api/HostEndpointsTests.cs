using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

public class HostEndpointsTests(SharedDashboard dashboard)
{
    [Fact]
    public async Task Health_reports_the_database_the_job_server_and_the_last_sync_per_connection()
    {
        using var client = dashboard.Factory.CreateRealClient();
        var response = await client.GetAsync("health", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        json.GetProperty("status").GetString().ShouldBe("healthy");
        json.GetProperty("database").GetString().ShouldBe("ok");
        json.GetProperty("jobServer").GetString().ShouldBe("disabled");
        var connection = json.GetProperty("connections").EnumerateArray().Single();
        connection.GetProperty("name").GetString().ShouldBe("Simulated demo billing");
        connection.GetProperty("lastSync").GetProperty("status").GetString().ShouldBe("Succeeded");
        connection.GetProperty("lastSync").TryGetProperty("finished", out _).ShouldBeFalse("anonymous callers get names and statuses only");

        using var admin = dashboard.Factory.CreateRealClient(DashboardFactory.AdminKey);
        var details = JsonDocument.Parse(await admin.GetStringAsync("health", TestContext.Current.CancellationToken)).RootElement;
        details.GetProperty("connections").EnumerateArray().Single().GetProperty("lastSync").GetProperty("finished").GetString()!.ShouldEndWith("Z");
    }

    [Fact]
    public async Task Anonymous_health_never_shows_a_provider_error_but_the_admin_scope_does()
    {
        await using var factory = new DashboardFactory();
        _ = factory.BaseAddress;
        var db = factory.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AiGateway.Dashboard.Data.DashboardDbContext>>();
        await using (var context = await db.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            context.SyncRuns.Add(new AiGateway.Dashboard.Domain.SyncRun
            {
                ConnectionId = context.Connections.Single().Id, StartedUtc = now, FinishedUtc = now, Status = AiGateway.Dashboard.Domain.SyncRunStatus.Failed,
                WindowFrom = DateOnly.FromDateTime(now), WindowTo = DateOnly.FromDateTime(now),
                Error = "billing-proxy.internal.example:8443 refused the key …9f3a",
            });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        using var anonymous = factory.CreateRealClient();
        var body = await anonymous.GetStringAsync("health", TestContext.Current.CancellationToken);
        body.ShouldContain("\"status\":\"Failed\"");
        body.ShouldNotContain("internal.example");
        body.ShouldNotContain("9f3a");
        using var spendReader = factory.CreateRealClient(DashboardFactory.SpendKey);
        (await spendReader.GetStringAsync("health", TestContext.Current.CancellationToken)).ShouldNotContain("internal.example", Case.Sensitive, "only the admin scope sees details");
        using var admin = factory.CreateRealClient(DashboardFactory.AdminKey);
        (await admin.GetStringAsync("health", TestContext.Current.CancellationToken)).ShouldContain("internal.example");
    }

    [Fact]
    public void Every_enabled_connection_has_a_recurring_sync_job_on_its_schedule()
    {
        var storage = dashboard.Factory.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var jobs = connection.GetRecurringJobs();
        jobs.Select(j => j.Id).ShouldBe(["sync:1", "budgets:evaluate", "approvals:maintain", "reports:monthly", "sync:interrupted-runs", "usage:retention", "fx:rates"], ignoreOrder: true);
        var job = jobs.Single(j => j.Id == "sync:1");
        job.Cron.ShouldBe("0 * * * *");
        job.Job.Type.ShouldBe(typeof(AiGateway.Dashboard.Jobs.SyncJob));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_spend_endpoint()
    {
        using var client = dashboard.Factory.CreateRealClient();
        var body = await client.GetStringAsync("openapi/v1.json", TestContext.Current.CancellationToken);
        body.ShouldContain("/api/v1/spend");
    }

    [Fact]
    public async Task Pages_send_anonymous_visitors_to_the_sign_in_page()
    {
        using var client = dashboard.Factory.CreateRealClient(allowRedirects: false);
        foreach (var path in new[] { "", "explore", "budgets", "connections", "admin", "jobs" })
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.ToString().ShouldContain("/signin?ReturnUrl=");
        }
    }

    [Theory]
    [InlineData("viewer", HttpStatusCode.Redirect)]
    [InlineData("finance", HttpStatusCode.Redirect)]
    [InlineData("admin", HttpStatusCode.OK)]
    public async Task The_job_dashboard_is_for_admins_only(string persona, HttpStatusCode expected)
    {
        using var client = dashboard.Factory.CreateRealClient(allowRedirects: false);
        await SignIn.AsAsync(client, persona);
        var response = await client.GetAsync("jobs", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.Redirect)
        {
            response.Headers.Location!.ToString().ShouldContain("/access-denied");
        }
        else
        {
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            html.ShouldContain("Hangfire");
            html.ShouldNotContain("Data Source=");
        }
    }

    [Theory]
    [InlineData("viewer", "admin", HttpStatusCode.Redirect)]
    [InlineData("viewer", "connections", HttpStatusCode.Redirect)]
    [InlineData("viewer", "reports", HttpStatusCode.Redirect)]
    [InlineData("manager", "reports", HttpStatusCode.OK)]
    [InlineData("finance", "connections", HttpStatusCode.Redirect)]
    [InlineData("admin", "admin", HttpStatusCode.OK)]
    [InlineData("viewer", "", HttpStatusCode.OK)]
    [InlineData("manager", "admin/deliveries", HttpStatusCode.Redirect)]
    [InlineData("finance", "admin/deliveries", HttpStatusCode.Redirect)]
    [InlineData("admin", "admin/deliveries", HttpStatusCode.OK)]
    [InlineData("finance", "admin/api-keys", HttpStatusCode.Redirect)]
    [InlineData("admin", "admin/api-keys", HttpStatusCode.OK)]
    [InlineData("viewer", "notifications", HttpStatusCode.OK)]
    public async Task Pages_enforce_their_policy_on_the_server(string persona, string path, HttpStatusCode expected)
    {
        using var client = dashboard.Factory.CreateRealClient(allowRedirects: false);
        await SignIn.AsAsync(client, persona);
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.Redirect) response.Headers.Location!.ToString().ShouldContain("/access-denied");
    }

    [Fact]
    public async Task An_unknown_persona_is_not_signed_in()
    {
        using var client = dashboard.Factory.CreateRealClient(allowRedirects: false);
        await SignIn.AsAsync(client, "root");
        var response = await client.GetAsync("", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/signin");
    }
}
