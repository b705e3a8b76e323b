using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AiGateway.Dashboard.Auth;

/// <summary>
/// What happens around an Entra sign-in beyond Microsoft.Identity.Web's own handling. A person whose token carries none
/// of our app roles is not signed in: they read on the sign-in page who they are and what to ask for, and are never
/// quietly made a Viewer. An answer that cannot be verified (another audience, an unknown signing key, an expired or
/// replayed token) is refused with a sentence saying which, never a stack trace, and counts against the address's
/// sign-in limit.
/// </summary>
public static class EntraSignInEvents
{
    public const string NoRole = "norole";
    public const string Unverified = "unverified";

    public static void Attach(OpenIdConnectOptions o)
    {
        var validated = o.Events.OnTokenValidated;
        o.Events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Principal is null) return;
            var user = context.Principal = Normalize(context.Principal);
            if (Roles.All.Any(user.IsInRole))
            {
                // Known by tenant and object id: what is theirs follows them when their login changes, and nobody inherits it.
                if (user.FindFirstValue("tid") is { } tid && user.FindFirstValue("oid") is { } oid && Features.Spend.ScopeResolver.EmailOf(user) is { } signedInAs)
                    await context.HttpContext.RequestServices.GetRequiredService<Features.People.PeopleService>()
                        .SignedInAsync(tid, oid, signedInAs, user.Identity?.Name ?? signedInAs, context.HttpContext.RequestAborted);
                return;
            }
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraSignInEvents))
                .LogWarning("A person without an app role tried to sign in (their token's claim types: {Types})", string.Join(", ", user.Claims.Select(c => c.Type).Distinct()));
            var who = user.FindFirstValue("name") ?? user.FindFirstValue("preferred_username") ?? "someone";
            var login = user.FindFirstValue("preferred_username") ?? user.FindFirstValue(ClaimTypes.Email) ?? "";
            context.Response.Redirect($"{AuthRegistration.SignInPath}?refused={NoRole}&who={Uri.EscapeDataString(who)}&login={Uri.EscapeDataString(login)}");
            context.HandleResponse();
        };
        o.Events.OnRemoteFailure = context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<FailedSignInLimiter>().RecordFailure(context.HttpContext);
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraSignInEvents))
                .LogWarning(context.Failure, "An Entra sign-in was refused");
            context.Response.Redirect($"{AuthRegistration.SignInPath}?refused={Unverified}&why={Uri.EscapeDataString(Why(context.Failure))}");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// The signed-in person with one spelling of each claim, whichever the token handler used: app roles as roles
    /// (<c>roles</c> or its mapped WS-* name), the display name as the name, and the object and tenant ids as <c>oid</c> and
    /// <c>tid</c>. Without it, a handler that maps <c>roles</c> to the long role type leaves a person with an app role
    /// reading as having none.
    /// </summary>
    public static ClaimsPrincipal Normalize(ClaimsPrincipal user)
    {
        static string Short(string type) => type switch
        {
            ClaimTypes.Role or "roles" or "role" => ClaimTypes.Role,
            "http://schemas.microsoft.com/identity/claims/objectidentifier" => "oid",
            "http://schemas.microsoft.com/identity/claims/tenantid" => "tid",
            _ => type,
        };
        var source = user.Identities.First();
        var claims = user.Claims.Select(c => new Claim(Short(c.Type), c.Value, c.ValueType, c.Issuer, c.OriginalIssuer));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, source.AuthenticationType, "name", ClaimTypes.Role));
    }

    /// <summary>The reason a person reads, from the kind of failure (never its text, which may name keys and claims).</summary>
    public static string Why(Exception? failure) => failure switch
    {
        SecurityTokenInvalidAudienceException => "the token was issued for another application",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token was not signed by the directory's keys",
        SecurityTokenInvalidIssuerException => "the token came from another directory",
        SecurityTokenExpiredException or SecurityTokenNotYetValidException => "the token was outside its validity period (check this server's clock)",
        OpenIdConnectProtocolInvalidNonceException => "the answer did not belong to this sign-in (start again from the sign-in page)",
        { InnerException: { } inner } => Why(inner),
        _ => "the directory's answer could not be verified",
    };

    /// <summary>The sentence the sign-in page shows for a refused sign-in.</summary>
    public static string Explain(string? refused, string? who, string? login, string? why) => refused switch
    {
        NoRole => $"You signed in as {Clean(who) ?? "someone"}{(Clean(login) is { } l ? $" ({l})" : "")}, but you have no role in AiGateway Dashboard, so you are not signed in. " +
                  "Ask an admin to assign you one of its app roles in Microsoft Entra ID (Viewer, TeamLead, Manager, Finance or Admin), then sign in again.",
        Unverified => $"The sign-in was refused: {Clean(why) ?? "the directory's answer could not be verified"}. Nothing was signed in; try again, or tell an admin if it happens again.",
        _ => "",
    };

    // Shown as text (Razor encodes it); only kept short and printable.
    private static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : new string(text.Where(c => !char.IsControl(c)).Take(200).ToArray());
}
