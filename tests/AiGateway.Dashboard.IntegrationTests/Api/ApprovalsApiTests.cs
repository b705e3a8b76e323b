using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>Budget requests over HTTP: people only, the service's rules, problem details for every refusal.</summary>
public class ApprovalsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> PersonAsync(DashboardFactory factory, string persona)
    {
        var client = factory.CreateRealClient();
        await SignIn.AsAsync(client, persona);
        return client;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync(Ct));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    [Fact]
    public async Task Requests_and_decisions_follow_the_rules_and_a_second_decision_is_a_conflict()
    {
        await using var factory = new DashboardFactory();
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var budgetId = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray()
            .Single(b => b.GetProperty("orgUnit").GetString() == "support-automation").GetProperty("budgetId").GetInt32();
        using var tom = await PersonAsync(factory, "teamlead");
        using var mia = await PersonAsync(factory, "manager");
        using var vera = await PersonAsync(factory, "viewer");

        // Create: 201 with the request; bad input names the field.
        var created = await tom.PostAsJsonAsync("api/v1/budget-requests", new { budgetId, amount = 120.5m, coverage = "nextPeriods", periods = 2, justification = "Peak week", expectedOutcome = "+500 tickets" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var request = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement;
        var id = request.GetProperty("id").GetInt32();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/budget-requests/{id}");
        request.GetProperty("status").GetString().ShouldBe("pending");
        request.GetProperty("amount").GetDecimal().ShouldBe(120.5m);
        request.GetProperty("covers").GetString()!.ShouldStartWith("2 periods from ");
        (await ProblemAsync(await tom.PostAsJsonAsync("api/v1/budget-requests", new { budgetId, amount = 10m, justification = "" }, Ct), HttpStatusCode.BadRequest))
            .GetProperty("title").GetString().ShouldBe("Invalid field 'justification'");
        (await ProblemAsync(await tom.PostAsJsonAsync("api/v1/budget-requests", new { budgetId, amount = -1m, justification = "x" }, Ct), HttpStatusCode.BadRequest))
            .GetProperty("title").GetString().ShouldBe("Invalid field 'amount'");
        await ProblemAsync(await tom.PostAsJsonAsync("api/v1/budget-requests", new { budgetId, amount = 1m, coverage = "forever", justification = "x" }, Ct), HttpStatusCode.BadRequest);
        await ProblemAsync(await vera.PostAsJsonAsync("api/v1/budget-requests", new { budgetId, amount = 1m, justification = "x" }, Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await tom.PostAsJsonAsync("api/v1/budget-requests", new { budgetId = 999_999, amount = 1m, justification = "x" }, Ct), HttpStatusCode.NotFound);

        // Lists: waiting for Mia, Tom's own; status filter; a bad filter is a 400.
        var waiting = JsonDocument.Parse(await mia.GetStringAsync("api/v1/budget-requests?view=waitingForMe", Ct)).RootElement.EnumerateArray().ToList();
        waiting.ShouldContain(r => r.GetProperty("id").GetInt32() == id && r.GetProperty("canDecide").GetBoolean());
        var pending = JsonDocument.Parse(await tom.GetStringAsync("api/v1/budget-requests?status=pending&view=mine", Ct)).RootElement.EnumerateArray().ToList();
        pending.Select(r => r.GetProperty("requester").GetString()).Distinct().ShouldBe(["tom.lead@demo.local"]);
        await ProblemAsync(await tom.GetAsync("api/v1/budget-requests?status=maybe", Ct), HttpStatusCode.BadRequest);

        // Machines cannot act as a person: an API key is refused on every route.
        foreach (var key in new[] { DashboardFactory.AdminKey, DashboardFactory.SpendKey })
        {
            using var machine = factory.CreateRealClient(key);
            (await machine.PostAsJsonAsync($"api/v1/budget-requests/{id}/approve", new { }, Ct)).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
            (await machine.GetAsync("api/v1/budget-requests", Ct)).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        }

        // Tom cannot approve his own; rejecting needs a comment; Mia approves; deciding again is a 409 naming her.
        (await ProblemAsync(await tom.PostAsJsonAsync($"api/v1/budget-requests/{id}/approve", new { }, Ct), HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString()!.ShouldContain("own request");
        await ProblemAsync(await mia.PostAsJsonAsync($"api/v1/budget-requests/{id}/reject", new { comment = "" }, Ct), HttpStatusCode.BadRequest);
        var approved = await mia.PostAsJsonAsync($"api/v1/budget-requests/{id}/approve", new { amount = 100m, comment = "100 covers the peak." }, Ct);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Ct));
        JsonDocument.Parse(await approved.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("approvedAmount").GetDecimal().ShouldBe(100m);
        var conflict = await ProblemAsync(await mia.PostAsJsonAsync($"api/v1/budget-requests/{id}/reject", new { comment = "changed my mind" }, Ct), HttpStatusCode.Conflict);
        conflict.GetProperty("detail").GetString()!.ShouldStartWith("Already approved by mia.manager@demo.local at ");
        await ProblemAsync(await tom.PostAsJsonAsync($"api/v1/budget-requests/{id}/cancel", new { }, Ct), HttpStatusCode.Conflict);
    }
}
