using System.Security.Claims;
using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.ApiKeys;

/// <summary>
/// Makes, lists and revokes the API keys of the app (the Admin page "API keys" and <c>/api/v1/api-keys</c>). Only an admin
/// may, a person or a key with the admin scope. Every change is audited without the key, and told to every node. Keys
/// declared in configuration are listed beside them, read-only.
/// </summary>
public sealed class ApiKeysService(IDbContextFactory<DashboardDbContext> dbFactory, ApiKeyStore store, ChangeSignal changes, IOptionsMonitor<ApiOptions> declared,
    TimeProvider time)
{
    /// <summary>A key as the page and the API list it: made in the app, or declared in configuration (no id, read-only).</summary>
    public sealed record Listed(int? Id, string Name, string? Prefix, IReadOnlyList<string> Scopes, DateTime? CreatedUtc, string? CreatedBy, DateTime? ExpiresUtc,
        DateTime? LastUsedUtc, string? LastUsedFrom, DateTime? RevokedUtc, string? RevokedBy, string Status, bool ManagedByConfiguration);

    public static bool CanManage(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.HasClaim(ApiScopes.ClaimType, ApiScopes.Admin);

    public async Task<IReadOnlyList<Listed>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var made = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedUtc).ThenByDescending(k => k.Id).ToListAsync(cancellationToken);
        return made.Select(k =>
            {
                var pending = store.PendingUseOf(k.Id);
                var (usedAt, usedFrom) = pending is { } p && (k.LastUsedUtc is null || p.At > k.LastUsedUtc) ? (p.At, p.From) : (k.LastUsedUtc, k.LastUsedFrom);
                return new Listed(k.Id, k.Name, k.Prefix, k.ScopeList, k.CreatedUtc, k.CreatedBy, k.ExpiresUtc, usedAt, usedFrom, k.RevokedUtc, k.RevokedBy, k.StatusAt(now), false);
            })
            .Concat(declared.CurrentValue.Keys.Select(k => new Listed(null, k.Name, null, k.Scopes, null, null, null, null, null, null, null, "active", true)))
            .ToList();
    }

    /// <summary>Makes a key; the key itself is in the answer only, never stored or logged.</summary>
    public async Task<(ApiKey Made, string Key)> CreateAsync(ClaimsPrincipal user, string? name, IReadOnlyCollection<string>? scopes, DateTime? expiresUtc,
        CancellationToken cancellationToken)
    {
        var actor = Authorize(user);
        var now = time.GetUtcNow().UtcDateTime;
        var problems = ApiKey.Problems(name, scopes, expiresUtc, now, ApiScopes.All);
        if (problems.Count > 0) throw new ApiKeyValidationException(problems);
        var (key, prefix, sha) = ApiKey.Generate();
        var made = new ApiKey
        {
            Name = name!.Trim(), Prefix = prefix, Sha256 = sha, Scopes = string.Join(' ', scopes!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            CreatedUtc = now, CreatedBy = actor, ExpiresUtc = expiresUtc,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(made);
        await db.SaveChangesAsync(cancellationToken);
        db.AuditEvents.Add(AuditEvent.Of(now, actor, "api-key.created", "ApiKey", made.Id, null, AuditJson(made)));
        await db.SaveChangesAsync(cancellationToken);
        changes.Publish(new DataChange(ChangeKind.ApiKeys));
        return (made, key);
    }

    /// <summary>Revokes a key at once on every node; a key revoked before stays as it was. Null when no app-made key has the id.</summary>
    public async Task<ApiKey?> RevokeAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        var actor = Authorize(user);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.RevokedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedUtc, now).SetProperty(k => k.RevokedBy, actor), cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || revoked == 0) return key;
        db.AuditEvents.Add(AuditEvent.Of(now, actor, "api-key.revoked", "ApiKey", key.Id, AuditJson(key, withRevocation: false), AuditJson(key)));
        await db.SaveChangesAsync(cancellationToken);
        changes.Publish(new DataChange(ChangeKind.ApiKeys));
        return key;
    }

    private static string Authorize(ClaimsPrincipal user)
    {
        if (!CanManage(user)) throw new UnauthorizedAccessException("Only an admin may make or revoke API keys.");
        return Spend.ScopeResolver.EmailOf(user) ?? user.Identity?.Name ?? "unknown";
    }

    /// <summary>What the audit keeps of a key: never the key or its hash.</summary>
    private static string AuditJson(ApiKey k, bool withRevocation = true) => JsonSerializer.Serialize(new
    {
        name = k.Name, prefix = k.Prefix, scopes = k.ScopeList, expiresUtc = k.ExpiresUtc,
        revokedUtc = withRevocation ? k.RevokedUtc : null, revokedBy = withRevocation ? k.RevokedBy : null,
    });
}
