using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>
/// A signed-in person's cookie alone cannot change anything: every cookie-authenticated state-changing endpoint
/// wants the antiforgery header, our own origin and JSON; API keys are unaffected.
/// </summary>
public class CrossSiteRequestTests
{
    private const string ForeignOrigin = "http://127.0.0.1:1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A signed-in client whose requests carry the cookie but, unless asked, no antiforgery header.</summary>
    private static async Task<(HttpClient Client, string Token)> CookieOnlyAsync(DashboardFactory factory, string persona)
    {
        var client = factory.CreateRealClient(allowRedirects: false);
        await SignIn.AsAsync(client, persona);
        var token = client.DefaultRequestHeaders.GetValues("X-CSRF-TOKEN").Single();
        client.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        return (client, token);
    }

    private static HttpRequestMessage Post(string path, string? token, string? origin = null, HttpContent? content = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content ?? new StringContent("{}", Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Add("X-CSRF-TOKEN", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return request;
    }

    private static async Task<string> StatusOfAsync(HttpClient client, int id) =>
        JsonDocument.Parse(await client.GetStringAsync("api/v1/budget-requests?view=all", Ct)).RootElement.EnumerateArray()
            .Single(r => r.GetProperty("id").GetInt32() == id).GetProperty("status").GetString()!;

    [Theory]
    [InlineData("approve", "manager")]
    [InlineData("reject", "manager")]
    [InlineData("cancel", "teamlead")]
    public async Task A_decision_with_only_the_cookie_a_foreign_origin_or_a_form_is_refused_and_changes_nothing(string action, string persona)
    {
        await using var factory = new DashboardFactory();
        var (client, token) = await CookieOnlyAsync(factory, persona);
        using var _ = client;
        var (finance, _) = await CookieOnlyAsync(factory, "finance");
        var pending = JsonDocument.Parse(await finance.GetStringAsync("api/v1/budget-requests?status=pending&view=all", Ct)).RootElement.EnumerateArray().First();
        var id = pending.GetProperty("id").GetInt32();
        var path = $"api/v1/budget-requests/{id}/{action}";
        var body = action == "reject" ? """{ "comment": "Not this quarter" }""" : "{}";

        await RefusedAsync(client, Post(path, token: null, content: Json(body)), HttpStatusCode.BadRequest, "antiforgery");
        await RefusedAsync(client, Post(path, token, origin: ForeignOrigin, content: Json(body)), HttpStatusCode.Forbidden, "Cross-site");
        await RefusedAsync(client, Post(path, token, fetchSite: "same-site", content: Json(body)), HttpStatusCode.Forbidden, "Cross-site");
        await RefusedAsync(client, Post(path, token, content: new FormUrlEncodedContent(new Dictionary<string, string> { ["comment"] = "x" })), HttpStatusCode.BadRequest, "application/json");
        await RefusedAsync(client, Post(path, token, content: new StringContent("", Encoding.UTF8, "text/plain")), HttpStatusCode.BadRequest, "application/json");
        (await StatusOfAsync(finance, id)).ShouldBe("pending", "nothing changed");

        // The same request from our own page, with the token, goes through.
        var allowed = await client.SendAsync(Post(path, token, origin: factory.BaseAddress.GetLeftPart(UriPartial.Authority), content: Json(body), fetchSite: "same-origin"), Ct);
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK, await allowed.Content.ReadAsStringAsync(Ct));
        (await StatusOfAsync(finance, id)).ShouldNotBe("pending");
    }

    [Fact]
    public async Task Creating_a_request_with_only_the_cookie_is_refused_and_creates_nothing()
    {
        await using var factory = new DashboardFactory();
        var (tom, token) = await CookieOnlyAsync(factory, "teamlead");
        using var _ = tom;
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var budgetId = JsonDocument.Parse(await reader.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray()
            .Single(b => b.GetProperty("orgUnit").GetString() == "support-automation").GetProperty("budgetId").GetInt32();
        var body = JsonSerializer.Serialize(new { budgetId, amount = 10m, justification = "forged" });
        var before = JsonDocument.Parse(await tom.GetStringAsync("api/v1/budget-requests?view=mine", Ct)).RootElement.GetArrayLength();

        await RefusedAsync(tom, Post("api/v1/budget-requests", null, content: Json(body)), HttpStatusCode.BadRequest, "antiforgery");
        await RefusedAsync(tom, Post("api/v1/budget-requests", token, origin: ForeignOrigin, content: Json(body)), HttpStatusCode.Forbidden, "Cross-site");
        await RefusedAsync(tom, Post("api/v1/budget-requests", token, content: new FormUrlEncodedContent(new Dictionary<string, string> { ["budgetId"] = budgetId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["amount"] = "10", ["justification"] = "forged" })), HttpStatusCode.BadRequest, "application/json");
        JsonDocument.Parse(await tom.GetStringAsync("api/v1/budget-requests?view=mine", Ct)).RootElement.GetArrayLength().ShouldBe(before);

        (await tom.SendAsync(Post("api/v1/budget-requests", token, content: Json(body)), Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonDocument.Parse(await tom.GetStringAsync("api/v1/budget-requests?view=mine", Ct)).RootElement.GetArrayLength().ShouldBe(before + 1);
    }

    [Fact]
    public async Task Sign_out_needs_the_form_token_and_our_own_origin()
    {
        await using var factory = new DashboardFactory();
        var (client, token) = await CookieOnlyAsync(factory, "manager");
        using var _ = client;
        HttpContent Form(string? field) => new FormUrlEncodedContent(field is null ? [] : new Dictionary<string, string> { ["__RequestVerificationToken"] = field });

        await RefusedAsync(client, Post("auth/signout", null, content: Form(null)), HttpStatusCode.BadRequest, "antiforgery");
        await RefusedAsync(client, Post("auth/signout", null, origin: ForeignOrigin, content: Form(token)), HttpStatusCode.Forbidden, "Cross-site");
        (await client.GetAsync("api/v1/budgets", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "still signed in");

        var signedOut = await client.SendAsync(Post("auth/signout", null, content: Form(token)), Ct);
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("api/v1/budgets", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Api_key_callers_need_no_antiforgery_token()
    {
        await using var factory = new DashboardFactory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        var response = await gateway.PostAsJsonAsync("api/v1/outcomes", new
        {
            items = new[] { new { orgUnit = "support-automation", metric = "Tickets resolved", unit = "tickets", date = "2026-11-20", count = 10 } },
        }, Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task RefusedAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode status, string wording)
    {
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        text.ShouldContain(wording);
    }
}
