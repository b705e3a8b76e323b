using AiGateway.Dashboard.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Identity.Web;

namespace AiGateway.Dashboard.Auth;

public static class AuthRegistration
{
    public const string SignInPath = "/signin";
    public const string AccessDeniedPath = "/access-denied";
    public const string CookieName = "aigw.auth";

    public static IHostApplicationBuilder AddDashboardAuth(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services.Configure<ApiOptions>(builder.Configuration.GetSection(ApiOptions.Section));

        AuthenticationBuilder authentication;
        if (options.IsDemo)
        {
            authentication = builder.Services
                .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, ConfigureCookie);
        }
        else
        {
            authentication = builder.Services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme);
            authentication.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"));
            builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, ConfigureCookie);
            builder.Services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                // Entra app roles arrive in the "roles" claim; their values are our role names (Viewer … Admin). Whatever the
                // token handler calls them, EntraSignInEvents.Normalize makes them the identity's roles.
                o.TokenValidationParameters.RoleClaimType = "roles";
                // A directory on this machine's loopback (the tests' own OpenID Connect authority) is reached over plain HTTP, and
                // its tokens' issuer must equal its discovery document's exactly (the standard check); any other instance is
                // HTTPS and checked by Microsoft.Identity.Web's Entra issuer validation, which fetches Entra's metadata itself.
                if (Uri.TryCreate(builder.Configuration["AzureAd:Instance"], UriKind.Absolute, out var instance) && instance.IsLoopback)
                {
                    o.RequireHttpsMetadata = false;
                    o.TokenValidationParameters.IssuerValidator = null;
                    o.TokenValidationParameters.ValidIssuer = $"{instance.ToString().TrimEnd('/')}/{builder.Configuration["AzureAd:TenantId"]}/v2.0";
                }
                EntraSignInEvents.Attach(o);
            });
        }
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.SeeSpend, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.RequestIncrease, p => p.RequireRole(Roles.TeamLead, Roles.Manager, Roles.Finance, Roles.Admin))
            .AddPolicy(Policies.Approve, p => p.RequireRole(Roles.Manager, Roles.Finance))
            .AddPolicy(Policies.ManageBudgets, p => p.RequireRole(Roles.Finance, Roles.Admin))
            .AddPolicy(Policies.Reports, p => p.RequireRole(Roles.Manager, Roles.Finance, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Prices, p => p.RequireRole(Roles.Finance, Roles.Admin))
            // Spend is read by machines (key with spend:read) and by signed-in people, scoped to their units.
            .AddPolicy(Policies.ApiSpendRead, p => p
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(c => c.User.HasClaim(ApiScopes.ClaimType, ApiScopes.SpendRead) || Roles.All.Any(c.User.IsInRole)))
            .AddPolicy(Policies.ApiUsageWrite, p => ApiScope(p, ApiScopes.UsageWrite))
            .AddPolicy(Policies.ApiBudgetsCheck, p => ApiScope(p, ApiScopes.BudgetsCheck))
            .AddPolicy(Policies.ApiAdmin, p => ApiScope(p, ApiScopes.Admin))
            .AddPolicy(Policies.ApiBudgetsWrite, p => KeyOrPerson(p, [ApiScopes.BudgetsWrite], Roles.Finance, Roles.Admin))
            .AddPolicy(Policies.ApiReports, p => KeyOrPerson(p, [ApiScopes.SpendRead], Roles.Manager, Roles.Finance, Roles.Admin))
            .AddPolicy(Policies.ApiBooksRead, p => KeyOrPerson(p, [ApiScopes.SpendRead, ApiScopes.BooksClose], Roles.Finance, Roles.Admin))
            .AddPolicy(Policies.ApiBooksClose, p => KeyOrPerson(p, [ApiScopes.BooksClose], Roles.Finance))
            // No scope reopens a month: a key is recognised (403), only a Finance person passes.
            .AddPolicy(Policies.ApiBooksReopen, p => KeyOrPerson(p, [], Roles.Finance))
            .AddPolicy(Policies.Books, p => p.RequireRole(Roles.Finance))
            .AddPolicy(Policies.ApiPerson, p => p
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.All));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<PeopleNames>();
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = CrossSiteRequestGuard.HeaderName;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    // An API key with one of the scopes, or a signed-in person in one of the roles.
    private static void KeyOrPerson(AuthorizationPolicyBuilder policy, string[] scopes, params string[] roles) =>
        policy.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => scopes.Any(s => c.User.HasClaim(ApiScopes.ClaimType, s)) || roles.Any(c.User.IsInRole));

    private static void ApiScope(AuthorizationPolicyBuilder policy, string scope) =>
        policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiScopes.ClaimType, scope);

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.LoginPath = SignInPath;
        o.AccessDeniedPath = AccessDeniedPath;
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        // Secure whenever the request is HTTPS (behind a TLS proxy too, once forwarded headers are honoured).
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        // The HTTP API answers 401/403 (problem details come from the API key handler), never a redirect.
        o.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
    }
}
