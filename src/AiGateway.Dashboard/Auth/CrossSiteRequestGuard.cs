using Microsoft.AspNetCore.Antiforgery;

namespace AiGateway.Dashboard.Auth;

/// <summary>
/// No other site can make a signed-in person act. Every state-changing request that a browser authenticates by
/// the sign-in cookie (the HTTP API and sign-out; every future endpoint under those paths too) must come from our
/// own origin, carry an antiforgery token (header <see cref="HeaderName"/>, or the form field on sign-out) and,
/// for the API, be JSON. Machine callers with <c>Authorization: Bearer</c> are not affected: no browser attaches
/// that header across sites.
/// </summary>
public static class CrossSiteRequestGuard
{
    public const string HeaderName = "X-CSRF-TOKEN";
    public const string TokenPath = "/auth/antiforgery";

    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var refusal = IsGuarded(context.Request) ? await CheckAsync(context) : null;
            if (refusal is null)
            {
                await next(context);
                return;
            }
            var (status, title, detail) = refusal.Value;
            await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
        });

    private static bool IsGuarded(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method) && !HttpMethods.IsTrace(request.Method)
        && (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/auth/signout"))
        && !request.Headers.ContainsKey("Authorization")
        && request.Cookies.ContainsKey(AuthRegistration.CookieName);

    private static async Task<(int Status, string Title, string Detail)?> CheckAsync(HttpContext context)
    {
        var request = context.Request;
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && !fetchSite.Equals("same-origin", StringComparison.OrdinalIgnoreCase))
            return (StatusCodes.Status403Forbidden, "Cross-site request refused", $"A request from another site ({fetchSite}) cannot act for a signed-in person.");
        var origin = request.Headers.Origin.ToString();
        var own = $"{request.Scheme}://{request.Host}";
        if (origin.Length > 0 && !origin.Equals(own, StringComparison.OrdinalIgnoreCase))
            return (StatusCodes.Status403Forbidden, "Cross-site request refused", $"Requests from {origin} cannot act for a person signed in to {own}.");
        if (request.Path.StartsWithSegments("/api") && !IsJson(request.ContentType))
            return (StatusCodes.Status400BadRequest, "Content-Type must be application/json",
                $"Send a JSON body (an empty object is enough) with 'Content-Type: application/json'; '{request.ContentType}' is refused.");
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return (StatusCodes.Status400BadRequest, "Missing or invalid antiforgery token",
                $"Signed-in callers send the '{HeaderName}' header with the token from GET {TokenPath} (and the cookies it sets); machine callers use an API key.");
        }
        return null;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
