using System.Security.Claims;
using AiGateway.Dashboard.Auth;

namespace AiGateway.Dashboard.Features.ApiKeys;

/// <summary>
/// <c>/api/v1/api-keys</c> (scope <c>admin</c>): list (with last use), make (the key is in the answer once) and revoke
/// (effective at once on every node). Keys declared in configuration are listed read-only.
/// </summary>
public static class ApiKeyEndpoints
{
    public sealed record CreateBody(string? Name, string[]? Scopes, DateTime? ExpiresUtc, int? ExpiresInDays);

    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-keys").RequireAuthorization(Policies.ApiAdmin).WithTags("API keys");

        group.MapGet("", async (ApiKeysService service, CancellationToken ct) => Results.Ok((await service.ListAsync(ct)).Select(Json)))
            .WithName("ListApiKeys");

        group.MapPost("", async (CreateBody? body, ClaimsPrincipal user, ApiKeysService service, TimeProvider clock, CancellationToken ct) =>
        {
            if (body is null) return Problem(["The body must be a JSON object with name and scopes."]);
            if (body.ExpiresUtc is not null && body.ExpiresInDays is not null) return Problem(["Give expiresUtc or expiresInDays, not both."]);
            if (body.ExpiresInDays is < 1) return Problem(["expiresInDays must be a whole number of days from 1."]);
            if (body.ExpiresInDays > Domain.ApiKey.MaxLifetimeDays) return Problem([$"expiresInDays must be at most {Domain.ApiKey.MaxLifetimeDays}."]);
            var expires = body.ExpiresUtc?.ToUniversalTime() ?? (body.ExpiresInDays is { } days ? clock.GetUtcNow().UtcDateTime.AddDays(days) : null);
            try
            {
                var (made, key) = await service.CreateAsync(user, body.Name, body.Scopes, expires, ct);
                return Results.Created($"/api/v1/api-keys/{made.Id}", new
                {
                    id = made.Id, name = made.Name, key, prefix = made.Prefix, scopes = made.ScopeList, expiresUtc = made.ExpiresUtc, createdUtc = made.CreatedUtc,
                    note = "The key is shown this once: store it now. Only its SHA-256 is kept.",
                });
            }
            catch (ApiKeyValidationException ex)
            {
                return Problem(ex.Problems);
            }
        }).WithName("CreateApiKey");

        group.MapDelete("/{id:int}", async (int id, ClaimsPrincipal user, ApiKeysService service, CancellationToken ct) =>
            await service.RevokeAsync(user, id, ct) is { } key
                ? Results.Ok(new { id = key.Id, name = key.Name, prefix = key.Prefix, status = "revoked", revokedUtc = key.RevokedUtc, revokedBy = key.RevokedBy })
                : Results.Problem(statusCode: 404, title: "Unknown API key",
                    detail: $"No API key made in the app has the id {id}. Keys declared in configuration (Api:Keys) are removed there."))
            .WithName("RevokeApiKey");
        return app;
    }

    private static IResult Problem(IReadOnlyList<string> errors) =>
        Results.Problem(statusCode: 400, title: "Invalid API key", detail: string.Join(" ", errors), extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static object Json(ApiKeysService.Listed k) => new
    {
        id = k.Id, name = k.Name, prefix = k.Prefix, scopes = k.Scopes, createdUtc = k.CreatedUtc, createdBy = k.CreatedBy, expiresUtc = k.ExpiresUtc,
        lastUsedUtc = k.LastUsedUtc, lastUsedFrom = k.LastUsedFrom, revokedUtc = k.RevokedUtc, revokedBy = k.RevokedBy, status = k.Status,
        managedByConfiguration = k.ManagedByConfiguration,
    };
}
