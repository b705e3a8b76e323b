using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using AiGateway.Dashboard.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>. Keys are matched by SHA-256 in constant time; a key's
/// scopes become <c>scope</c> claims. Failures answer RFC 7807 problem details, never a redirect.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return Task.FromResult(Failed("The Authorization header must be 'Bearer <api key>'."));
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim()));
        DeclaredApiKey? match = null;
        foreach (var key in api.CurrentValue.Keys)
        {
            // Compare every key, in constant time, so timing reveals neither which key nor how much matched.
            if (CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(key.Sha256)))
            {
                match = key;
            }
        }
        if (match is null)
        {
            return Task.FromResult(Failed("The API key is not valid."));
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, "api-key:" + match.Name), new("api_key", match.Name) };
        claims.AddRange(match.Scopes.Select(s => new Claim(ApiScopes.ClaimType, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
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
