using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary>
/// Which org units a person may see (DESIGN.md §6): Finance and Admin all; Managers the subtrees they own or
/// belong to; Viewers and TeamLeads the subtrees of their units. API keys with <c>spend:read</c> read everything.
/// Every spend query takes the result, so the rule holds in SQL, not only in the menu.
/// </summary>
public sealed class ScopeResolver(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public async Task<SpendScope> ForAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName && user.HasClaim(ApiScopes.ClaimType, ApiScopes.SpendRead))
            return SpendScope.All;
        if (user.IsInRole(Roles.Finance) || user.IsInRole(Roles.Admin))
            return SpendScope.All;
        var (tree, units) = await MyUnitsAsync(user, cancellationToken);
        return new SpendScope(units.SelectMany(u => tree.Subtree(u.Id)).ToHashSet());
    }

    /// <summary>The units a person belongs to or owns (not their subtrees), with the tree.</summary>
    public async Task<(OrgTree Tree, IReadOnlyList<OrgUnit> Units)> MyUnitsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var email = EmailOf(user);
        if (email is null) return (tree, []);
        var ids = await db.OrgUnitMembers.AsNoTracking().Where(m => m.UserEmail == email).Select(m => m.OrgUnitId).ToListAsync(cancellationToken);
        return (tree, ids.Select(tree.Find).OfType<OrgUnit>().OrderBy(u => u.Kind).ThenBy(u => u.Name).ToList());
    }

    public static string? EmailOf(ClaimsPrincipal user) =>
        (user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue("email") ?? user.FindFirstValue("preferred_username") ?? user.FindFirstValue(ClaimTypes.Upn))?.ToLowerInvariant();
}
