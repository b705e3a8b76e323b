using System.Security.Claims;
using AiGateway.Dashboard.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Auth;

/// <summary>Sign-in and sign-out of our own (Microsoft.Identity.Web.UI is not available).</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").ExcludeFromDescription();

        group.MapPost("/demo-signin", async (HttpContext http, [FromForm] string persona, [FromForm] string? returnUrl, IOptions<AuthOptions> auth) =>
        {
            if (!auth.Value.IsDemo) return Results.NotFound();
            var p = DemoPersonas.Find(persona);
            if (p is null)
            {
                http.RequestServices.GetRequiredService<FailedSignInLimiter>().RecordFailure(http);
                return Results.Redirect(AuthRegistration.SignInPath);
            }
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, DemoPersonas.Principal(p, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).AllowAnonymous();

        group.MapGet("/signin", (string? returnUrl, IOptions<AuthOptions> auth) =>
            auth.Value.IsDemo
                ? Results.Redirect(AuthRegistration.SignInPath)
                : Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();

        group.MapPost("/signout", (IOptions<AuthOptions> auth) =>
            auth.Value.IsDemo
                ? Results.SignOut(new AuthenticationProperties { RedirectUri = AuthRegistration.SignInPath }, [CookieAuthenticationDefaults.AuthenticationScheme])
                // Back to the sign-in page, not to a page that would send the person straight back to Microsoft to sign in again.
                : Results.SignOut(new AuthenticationProperties { RedirectUri = AuthRegistration.SignInPath }, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]))
            .RequireAuthorization();

        // For a person's own scripts: the token to send as the X-CSRF-TOKEN header (its cookie is set alongside).
        group.MapGet("/antiforgery", (HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Results.Ok(new { headerName = CrossSiteRequestGuard.HeaderName, token = tokens.RequestToken });
        }).RequireAuthorization(Policies.ApiPerson);
        return app;
    }

    // Local paths only; a control character (CR/LF) would break the Location header, so it sends the person home.
    internal static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.Any(char.IsControl) && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
