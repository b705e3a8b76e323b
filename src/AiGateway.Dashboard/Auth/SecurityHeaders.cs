using AiGateway.Dashboard.Configuration;

namespace AiGateway.Dashboard.Auth;

/// <summary>
/// The response headers a security review expects on every response: no sniffing, no referrer beyond our origin,
/// no framing (pages, the API and the job dashboard), and a Content-Security-Policy that Blazor Server and
/// MudBlazor work under (scripts only from our own files; MudBlazor sets inline styles).
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this WebApplication app)
    {
        var auth = app.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        // Entra sign-out posts our form and is redirected to the identity provider: form-action must allow it.
        var identityProvider = auth.IsDemo ? "" : " " + new Uri(app.Configuration["AzureAd:Instance"] ?? "https://login.microsoftonline.com/").GetLeftPart(UriPartial.Authority);
        var pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            + $"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'{identityProvider}; frame-ancestors 'none'";
        // The job dashboard ships its own inline scripts: it gets the framing rule only (it is Admin-only).
        const string jobsPolicy = "frame-ancestors 'none'";
        return app.Use((context, next) =>
        {
            // Set as the response starts, so that ours replace any a component wrote (the job dashboard sets its own).
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.XFrameOptions = "DENY";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/jobs") ? jobsPolicy : pagePolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
