using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Admin;

public sealed class AdminQueries(IDbContextFactory<DashboardDbContext> dbFactory)
{
    public async Task<AdminModel> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken);
        var rules = await db.AllocationRules.AsNoTracking().OrderBy(r => r.Priority).ToListAsync(cancellationToken);
        var members = await db.OrgUnitMembers.AsNoTracking().ToListAsync(cancellationToken);
        var audit = await db.AuditEvents.AsNoTracking().OrderByDescending(a => a.Id).Take(20).ToListAsync(cancellationToken);
        var connections = await db.Connections.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return new AdminModel(Flatten(units), rules, members, audit, connections);
    }

    // Depth-first, so that the tree reads top-down with indentation.
    private static List<(OrgUnit Unit, int Depth)> Flatten(List<OrgUnit> units)
    {
        var result = new List<(OrgUnit, int)>();
        void Visit(int? parentId, int depth)
        {
            foreach (var u in units.Where(u => u.ParentId == parentId).OrderBy(u => u.Name))
            {
                result.Add((u, depth));
                Visit(u.Id, depth + 1);
            }
        }
        Visit(null, 0);
        return result;
    }
}

public sealed record AdminModel(IReadOnlyList<(OrgUnit Unit, int Depth)> Tree, IReadOnlyList<AllocationRule> Rules, IReadOnlyList<OrgUnitMember> Members,
    IReadOnlyList<AuditEvent> Audit, IReadOnlyList<ProviderConnection> Connections);
