using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>
/// A minimal OpenID Connect directory on loopback, shaped like Microsoft Entra ID's v2.0 endpoints for one tenant: discovery,
/// JWKS with a real RSA signing key, an authorize endpoint that signs in <see cref="Next"/> at once (form_post back to the
/// app), a token endpoint that redeems the code (checking the client secret and the PKCE verifier) for an RS256 id token,
/// and sign-out. Its tokens can be made wrong on purpose: another audience, or signed by a key it does not publish.
/// </summary>
public sealed class TestDirectory : IAsyncDisposable
{
    public const string ClientId = "6f1c2a47-0d7e-4c21-9a43-2b1f0e6d9c11";
    public const string ClientSecret = "test-directory-client-secret";
    public static readonly string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly LoopbackServer _server;
    private readonly RsaSecurityKey _published = new(RSA.Create(2048)) { KeyId = "published-key" };
    private readonly RsaSecurityKey _unpublished = new(RSA.Create(2048)) { KeyId = "published-key" }; // same kid, other key
    private readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, object> Claims, string Nonce, string Challenge)> _codes = new();

    private TestDirectory(LoopbackServer server) => _server = server;

    /// <summary>The person the next sign-in signs in, as the claims of their id token (oid, tid, name, preferred_username, roles …).</summary>
    public Dictionary<string, object> Next { get; set; } = [];
    /// <summary>The audience of the next token; null is the app's client id.</summary>
    public string? NextAudience { get; set; }
    /// <summary>Signs the next token with a key the JWKS does not publish.</summary>
    public bool SignWithUnpublishedKey { get; set; }
    public int SignOuts { get; private set; }

    /// <summary>What <c>AzureAd:Instance</c> is set to.</summary>
    public Uri Instance => _server.BaseAddress;
    public string Issuer => $"{_server.BaseAddress}{TenantId}/v2.0";

    /// <summary>The app's settings for this directory.</summary>
    public Dictionary<string, string?> AppSettings() => new()
    {
        ["Auth:Mode"] = "Entra",
        ["AzureAd:Instance"] = Instance.ToString(),
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = ClientId,
        ["AzureAd:ClientSecret"] = ClientSecret,
    };

    /// <summary>A person's id-token claims as Entra sends them.</summary>
    public static Dictionary<string, object> Person(string oid, string name, string login, params string[] roles)
    {
        var claims = new Dictionary<string, object> { ["oid"] = oid, ["sub"] = "sub-" + oid, ["tid"] = TenantId, ["name"] = name, ["preferred_username"] = login };
        if (roles.Length > 0) claims["roles"] = roles;
        return claims;
    }

    public static async Task<TestDirectory> StartAsync()
    {
        var directory = new TestDirectory(await LoopbackServer.StartAsync());
        directory.Map();
        return directory;
    }

    private void Map()
    {
        var tenant = $"/{TenantId}";
        _server.Map($"{tenant}/v2.0/.well-known/openid-configuration", ctx => LoopbackServer.Json(ctx, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{_server.BaseAddress}{TenantId}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{_server.BaseAddress}{TenantId}/oauth2/v2.0/token",
            ["end_session_endpoint"] = $"{_server.BaseAddress}{TenantId}/oauth2/v2.0/logout",
            ["jwks_uri"] = $"{_server.BaseAddress}{TenantId}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
            ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        })));
        _server.Map($"{tenant}/discovery/v2.0/keys", ctx =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_published.Rsa.ExportParameters(false)) { KeyId = _published.KeyId });
            return LoopbackServer.Json(ctx, JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } }));
        });
        _server.Map($"{tenant}/oauth2/v2.0/authorize", AuthorizeAsync);
        _server.Map($"{tenant}/oauth2/v2.0/token", TokenAsync);
        _server.Map($"{tenant}/oauth2/v2.0/logout", ctx =>
        {
            SignOuts++;
            var back = ctx.Request.Query["post_logout_redirect_uri"].ToString();
            ctx.Response.Redirect(string.IsNullOrEmpty(back) ? "/" : back + (ctx.Request.Query.TryGetValue("state", out var state) ? $"?state={Uri.EscapeDataString(state!)}" : ""));
            return Task.CompletedTask;
        });
    }

    // Signs in Next at once and posts the code back, as Entra does with response_mode=form_post.
    private async Task AuthorizeAsync(HttpContext ctx)
    {
        var q = ctx.Request.Query;
        if (q["client_id"] != ClientId)
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsync("AADSTS700016: unknown client");
            return;
        }
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (new Dictionary<string, object>(Next), q["nonce"].ToString(), q["code_challenge"].ToString());
        var redirect = WebUtility.HtmlEncode(q["redirect_uri"].ToString());
        ctx.Response.ContentType = "text/html";
        await ctx.Response.WriteAsync($"""
            <!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="{redirect}">
            <input type="hidden" name="code" value="{code}"><input type="hidden" name="state" value="{WebUtility.HtmlEncode(q["state"].ToString())}">
            <noscript><button type="submit">Continue</button></noscript></form></body></html>
            """);
    }

    private async Task TokenAsync(HttpContext ctx)
    {
        var form = await ctx.Request.ReadFormAsync();
        _codes.TryRemove(form["code"].ToString(), out var grant);
        // The client authenticates in the form (client_secret_post) or with HTTP Basic (client_secret_basic).
        var (id, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        if (ctx.Request.Headers.Authorization.ToString() is { } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            (id, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair.ElementAtOrDefault(1) ?? ""));
        }
        var wrong = id != ClientId ? $"the client id '{id}'" : secret != ClientSecret ? "the client secret"
            : grant.Claims is null ? "the code"
            : grant.Challenge.Length > 0 && Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge ? "the PKCE verifier"
            : null;
        if (wrong is not null)
        {
            await LoopbackServer.Json(ctx, JsonSerializer.Serialize(new { error = "invalid_grant", error_description = $"AADSTS70000: {wrong} is wrong" }), 400);
            return;
        }
        var now = TimeProvider.System.GetUtcNow().UtcDateTime; // the app validates lifetimes on the machine's clock
        var claims = new Dictionary<string, object>(grant.Claims!) { ["nonce"] = grant.Nonce, ["ver"] = "2.0" };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = NextAudience ?? ClientId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(SignWithUnpublishedKey ? _unpublished : _published, SecurityAlgorithms.RsaSha256),
        });
        await LoopbackServer.Json(ctx, JsonSerializer.Serialize(new { token_type = "Bearer", id_token = token, access_token = token, expires_in = 3600, scope = "openid profile" }));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
