using System.Net;
using AiGateway.Dashboard.Tests.Support;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>
/// Entra mode without Entra: a loopback server plays the tenant's OpenID metadata, so the real
/// Microsoft.Identity.Web wiring is exercised up to the redirect to the authorize endpoint.
/// </summary>
public class EntraSignInTests
{
    [Fact]
    public async Task Sign_in_challenges_to_the_tenant_with_our_client_id_and_callback()
    {
        await using var tenant = await LoopbackServer.StartAsync();
        var authority = new Uri(tenant.BaseAddress, "contoso-tenant/v2.0");
        tenant.MapJson("/contoso-tenant/v2.0/.well-known/openid-configuration", $$"""
            {
              "issuer": "{{authority}}",
              "authorization_endpoint": "{{tenant.BaseAddress}}contoso-tenant/oauth2/v2.0/authorize",
              "token_endpoint": "{{tenant.BaseAddress}}contoso-tenant/oauth2/v2.0/token",
              "end_session_endpoint": "{{tenant.BaseAddress}}contoso-tenant/oauth2/v2.0/logout",
              "jwks_uri": "{{tenant.BaseAddress}}contoso-tenant/discovery/v2.0/keys",
              "response_types_supported": ["code", "id_token", "code id_token"],
              "subject_types_supported": ["pairwise"],
              "id_token_signing_alg_values_supported": ["RS256"]
            }
            """);
        tenant.MapJson("/contoso-tenant/discovery/v2.0/keys", """{"keys":[]}""");

        await using var factory = new EntraFactory(tenant.BaseAddress);
        using var client = factory.CreateRealClient(allowRedirects: false);

        // A page visit and our own sign-in endpoint both challenge straight to the tenant.
        foreach (var path in new[] { "", "auth/signin?returnUrl=%2Fbudgets" })
        {
            var challenge = await client.GetAsync(path, TestContext.Current.CancellationToken);
            challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            var location = challenge.Headers.Location!.ToString();
            location.ShouldStartWith($"{tenant.BaseAddress}contoso-tenant/oauth2/v2.0/authorize", Case.Sensitive, path);
            location.ShouldContain("client_id=11111111-2222-3333-4444-555555555555");
            location.ShouldContain("redirect_uri=" + Uri.EscapeDataString(new Uri(factory.BaseAddress, "signin-oidc").ToString()));
        }
        tenant.Count("/contoso-tenant/v2.0/.well-known/openid-configuration").ShouldBeGreaterThan(0);
    }

    private sealed class EntraFactory(Uri tenant) : DashboardFactory(new Dictionary<string, string?>
    {
        ["Auth:Mode"] = "Entra",
        ["AzureAd:Instance"] = tenant.ToString(),
        ["AzureAd:TenantId"] = "contoso-tenant",
        ["AzureAd:ClientId"] = "11111111-2222-3333-4444-555555555555",
        ["AzureAd:ClientSecret"] = "test-only-secret",
        ["AzureAd:CallbackPath"] = "/signin-oidc",
        ["Demo:Seed"] = "false",
    })
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The fake tenant speaks plain HTTP on loopback; a real tenant is HTTPS and keeps the default.
            builder.ConfigureTestServices(services =>
                services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.RequireHttpsMetadata = false));
        }
    }
}
