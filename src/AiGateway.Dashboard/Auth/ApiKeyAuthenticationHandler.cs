using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using AiGateway.Dashboard.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>. Keys declared in configuration are matched by SHA-256 in constant time; then
/// the keys made in the app (<see cref="Features.ApiKeys.ApiKeyStore"/>), refused when revoked or expired, their use noted.
/// A key's scopes become <c>scope</c> claims. Failures answer RFC 7807 problem details, never a redirect.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api,
    Features.ApiKeys.ApiKeyStore made,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return Failed("The Authorization header must be 'Bearer <api key>'.");
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim()));
        DeclaredApiKey? match = null;
        foreach (var declared in api.CurrentValue.Keys)
        {
            // Compare every key, in constant time, so timing reveals neither which key nor how much matched.
            if (CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(declared.Sha256)))
            {
                match = declared;
            }
        }
        if (match is not null) return Success(match.Name, match.Scopes);
        if (await made.FindAsync(Convert.ToHexString(presented), Context.RequestAborted) is not { } key)
        {
            return Failed("The API key is not valid.");
        }
        if (key.RefusalAt(clock.GetUtcNow().UtcDateTime) is { } refusal)
        {
            return Failed(refusal);
        }
        made.RecordUse(key, Context.Connection.RemoteIpAddress?.ToString());
        return Success(key.Name, key.ScopeList);
    }

    private static AuthenticateResult Success(string name, IEnumerable<string> scopes)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "api-key:" + name), new("api_key", name) };
        claims.AddRange(scopes.Select(s => new Claim(ApiScopes.ClaimType, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    // Every failure counts against the client address (FailedSignInLimiter), so keys cannot be guessed at speed.
    private AuthenticateResult Failed(string message)
    {
        Context.RequestServices.GetRequiredService<FailedSignInLimiter>().RecordFailure(Context);
        return AuthenticateResult.Fail(message);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await Context.AuthenticateAsync(SchemeName);
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            result.Failure?.Message ?? "Send 'Authorization: Bearer <api key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // A signed-in person (a download link from a page) reads a sentence about their role, not about API keys.
        var person = Context.User.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType != SchemeName);
        if (person is null) return WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "The API key does not have the scope this endpoint needs.");
        var role = Roles.All.LastOrDefault(Context.User.IsInRole) ?? "no role";
        return WriteProblemAsync(StatusCodes.Status403Forbidden, "Not part of your role",
            $"You are signed in as {person.Name} ({role}), and your role does not include this. Ask a dashboard admin if you need it (Finance can send you the month-end workbook).");
    }

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
    }
}
