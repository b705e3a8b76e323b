using System.Net;
using System.Security.Claims;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>What a security review checks: headers, limits, error pages and problem details, odd return URLs.</summary>
public class SecurityTests(SharedDashboard dashboard)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_the_api_and_the_job_dashboard_send_the_security_headers_and_no_server_header()
    {
        using var anonymous = dashboard.Factory.CreateRealClient();
        using var reader = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        using var admin = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(admin, "admin");
        var responses = new[]
        {
            await anonymous.GetAsync("signin", Ct),
            await reader.GetAsync("api/v1/budgets", Ct),
            await admin.GetAsync("jobs", Ct),
            await admin.GetAsync("", Ct),
        };
        foreach (var response in responses)
        {
            var what = response.RequestMessage!.RequestUri!.AbsolutePath;
            response.IsSuccessStatusCode.ShouldBeTrue(what);
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", what);
            response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY", what);
            response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin", what);
            response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'", Case.Sensitive, what);
            response.Headers.Contains("Server").ShouldBeFalse(what);
        }
        var pagePolicy = responses[3].Headers.GetValues("Content-Security-Policy").Single();
        pagePolicy.ShouldContain("script-src 'self';");
        pagePolicy.ShouldNotContain("unsafe-eval");
    }

    [Fact]
    public async Task An_unknown_address_gets_the_apps_own_not_found_page()
    {
        using var finance = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(finance, "finance");
        var response = await finance.GetAsync("no-such-page/at-all", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("<title>Page not found · AiGateway Dashboard</title>");
        html.ShouldContain("_content/MudBlazor/MudBlazor.min", Case.Sensitive, "the app's own layout and styles");

        var api = await finance.GetAsync("api/v1/no-such-endpoint", Ct);
        api.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("/x\r\nSet-Cookie: evil=1")]
    [InlineData("/\nLocation: https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    public async Task A_return_url_with_line_breaks_or_another_host_sends_the_person_home(string returnUrl)
    {
        using var client = dashboard.Factory.CreateRealClient(allowRedirects: false);
        var token = await SignIn.FormTokenAsync(client);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["persona"] = "viewer", ["returnUrl"] = returnUrl });
        var response = await client.PostAsync("auth/demo-signin", form, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
        response.Headers.Contains("Set-Cookie").ShouldBeTrue();
        response.Headers.GetValues("Set-Cookie").ShouldNotContain(c => c.StartsWith("evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failed_api_keys_and_sign_ins_from_one_address_wait_out_the_window_with_retry_after()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?>
        {
            ["RateLimits:FailedSignInsPerWindow"] = "3",
            ["RateLimits:Window"] = "00:10:00",
        });
        for (var i = 0; i < 3; i++)
        {
            using var guess = factory.CreateRealClient($"guessed-key-{i}");
            (await guess.GetAsync("api/v1/spend?from=2026-11-01&to=2026-11-30", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        using var next = factory.CreateRealClient("guessed-key-3");
        var limited = await next.GetAsync("api/v1/spend?from=2026-11-01&to=2026-11-30", Ct);
        limited.StatusCode.ShouldBe((HttpStatusCode)429);
        int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 600);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await limited.Content.ReadAsStringAsync(Ct)).ShouldContain("Too many failed sign-ins");
        // The address waits whatever it sends now, a good key and the demo sign-in too.
        using var good = factory.CreateRealClient(DashboardFactory.SpendKey);
        (await good.GetAsync("api/v1/budgets", Ct)).StatusCode.ShouldBe((HttpStatusCode)429);
        using var person = factory.CreateRealClient(allowRedirects: false);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["persona"] = "admin" });
        (await person.PostAsync("auth/demo-signin", form, Ct)).StatusCode.ShouldBe((HttpStatusCode)429);
        // Pages without credentials are not affected.
        (await person.GetAsync("health/live", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_demo_personas_count_as_failed_sign_ins()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["RateLimits:FailedSignInsPerWindow"] = "2", ["RateLimits:Window"] = "00:10:00" });
        using var client = factory.CreateRealClient(allowRedirects: false);
        await SignIn.AsAsync(client, "root");
        await SignIn.AsAsync(client, "superuser");
        var token = await SignIn.FormTokenAsync(client);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["persona"] = "admin" });
        (await client.PostAsync("auth/demo-signin", form, Ct)).StatusCode.ShouldBe((HttpStatusCode)429);
    }

    [Fact]
    public async Task Exports_and_workbooks_have_a_budget_per_caller()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["RateLimits:ExpensivePerWindow"] = "2", ["RateLimits:Window"] = "00:10:00" });
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var range = $"from={factory.Today.AddDays(-3):yyyy-MM-dd}&to={factory.Today:yyyy-MM-dd}";
        (await reader.GetAsync($"api/v1/exports/focus?{range}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync($"api/v1/exports/detail?{range}&format=csv", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var third = await reader.GetAsync($"api/v1/reports/monthly/{factory.Today:yyyy-MM}", Ct);
        third.StatusCode.ShouldBe((HttpStatusCode)429);
        third.Headers.Contains("Retry-After").ShouldBeTrue();
        (await third.Content.ReadAsStringAsync(Ct)).ShouldContain("Too many exports and workbooks");
        // Another caller has its own budget; cheap reads are not limited.
        using var finance = factory.CreateRealClient();
        await SignIn.AsAsync(finance, "finance");
        (await finance.GetAsync($"api/v1/exports/focus?{range}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync("api/v1/budgets", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Outside_development_an_api_error_is_problem_details_and_a_page_error_is_a_friendly_page()
    {
        await using var factory = new FailingFactory();
        using var client = factory.CreateRealClient(allowRedirects: false);

        var api = await client.GetAsync("api/v1/boom", Ct);
        api.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Ct)).RootElement;
        problem.GetProperty("title").GetString().ShouldBe("Unexpected error");
        problem.GetProperty("traceId").GetString().ShouldNotBeNullOrEmpty();
        (await api.Content.ReadAsStringAsync(Ct)).ShouldNotContain("secret stack detail");

        var page = await client.GetAsync("boom", Ct);
        page.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var html = await page.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("Something went wrong");
        html.ShouldNotContain("secret stack detail");
        html.ShouldNotContain("InvalidOperationException");
        page.Headers.Contains("Strict-Transport-Security").ShouldBeFalse("HSTS is sent over HTTPS only");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Behind_a_TLS_proxy_the_sign_in_cookie_is_secure_only_when_forwarded_headers_are_honoured(bool enabled)
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["ForwardedHeaders:Enabled"] = enabled ? "true" : "false" });
        using var client = factory.CreateRealClient(allowRedirects: false);
        var token = await SignIn.FormTokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "auth/demo-signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["persona"] = "viewer" }),
        };
        // The proxy on loopback (trusted by default) terminated TLS.
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("aigw.auth=", StringComparison.Ordinal));
        cookie.Contains("secure", StringComparison.OrdinalIgnoreCase).ShouldBe(enabled, cookie);
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
    }

    [Fact]
    public async Task Outside_development_https_requests_get_HSTS_and_plain_http_is_redirected_to_https()
    {
        await using var factory = new FailingFactory(new Dictionary<string, string?> { ["ForwardedHeaders:Enabled"] = "true", ["https_port"] = "443" });
        using var client = factory.CreateRealClient(allowRedirects: false);
        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, "signin");
        viaProxy.Headers.Add("X-Forwarded-Proto", "https");
        // HSTS is never sent to localhost; a real host name comes through the proxy.
        viaProxy.Headers.Host = "dashboard.example.com";
        var secure = await client.SendAsync(viaProxy, Ct);
        secure.StatusCode.ShouldBe(HttpStatusCode.OK);
        secure.Headers.GetValues("Strict-Transport-Security").Single().ShouldContain("max-age=");

        using var direct = new HttpRequestMessage(HttpMethod.Get, "signin");
        direct.Headers.Host = "dashboard.example.com";
        var plain = await client.SendAsync(direct, Ct);
        plain.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        plain.Headers.Location!.Scheme.ShouldBe("https");
    }

    /// <summary>
    /// The real host in Staging (Entra sign-in, as anywhere but Development) with two addresses that throw,
    /// reached as a signed-in person; they sit inside the app's pipeline, behind its error handling.
    /// </summary>
    private sealed class FailingFactory(IDictionary<string, string?>? extra = null) : DashboardFactory(new Dictionary<string, string?>
    {
        ["Auth:Mode"] = "Entra",
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "contoso.onmicrosoft.com",
        ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000001",
    }.Concat(extra ?? new Dictionary<string, string?>()).ToDictionary())
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Staging");
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ThrowingAddresses>());
        }
    }

    private sealed class ThrowingAddresses : IStartupFilter
    {
        private static bool IsBoom(HttpContext c) => c.Request.Path == "/boom" || c.Request.Path == "/api/v1/boom";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IsBoom(context)) context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "vera"), new Claim(ClaimTypes.Role, "Viewer")], "test"));
                return nextMiddleware(context);
            });
            next(app);
            app.Run(context => IsBoom(context) && context.Request.Path.Value != "/error"
                ? throw new InvalidOperationException("secret stack detail")
                : Task.CompletedTask);
        };
    }
}
