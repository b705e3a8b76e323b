using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Admin;

/// <summary>Changes to the org tree and its people, each audited. Removing a unit re-allocates history.</summary>
public sealed partial class OrgUnitsService(IDbContextFactory<DashboardDbContext> dbFactory, AllocationService allocation, TimeProvider time)
{
    public async Task<int> SaveAsync(OrgUnit input, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = await db.OrgUnits.ToListAsync(cancellationToken);
        var tree = new OrgTree(units);
        var code = input.Code.Trim().ToLowerInvariant();
        if (!CodePattern().IsMatch(code)) throw new AllocationRuleException("Code", "Use 1 to 100 lower-case letters, digits and dashes for the code.");
        if (string.IsNullOrWhiteSpace(input.Name)) throw new AllocationRuleException("Name", "Give the unit a name.");
        if (TextInput.Problem(input.Name, "The name", 200) is { } nameProblem) throw new AllocationRuleException("Name", nameProblem);
        if (TextInput.Problem(input.FinanceCode, "The finance code", 50, required: false) is { } codeProblem) throw new AllocationRuleException("FinanceCode", codeProblem);
        if (units.Any(u => u.Id != input.Id && u.Code == code)) throw new AllocationRuleException("Code", $"The code '{code}' is taken.");
        if (input.ParentId is { } parent && (tree.Find(parent) is null || (input.Id != 0 && tree.Subtree(input.Id).Contains(parent))))
            throw new AllocationRuleException("ParentId", "The parent must be another unit that is not below this one.");

        string? before = null;
        OrgUnit unit;
        if (input.Id == 0)
        {
            unit = new OrgUnit();
            db.OrgUnits.Add(unit);
        }
        else
        {
            unit = units.SingleOrDefault(u => u.Id == input.Id) ?? throw new KeyNotFoundException($"Org unit {input.Id} does not exist.");
            before = JsonSerializer.Serialize(unit);
        }
        unit.Code = code;
        unit.Name = input.Name.Trim();
        unit.Kind = input.Kind;
        unit.ParentId = input.ParentId;
        unit.FinanceCode = string.IsNullOrWhiteSpace(input.FinanceCode) ? null : input.FinanceCode.Trim();
        await db.SaveChangesAsync(cancellationToken);
        db.AuditEvents.Add(Audit(actor, before is null ? "org-unit.created" : "org-unit.updated", unit.Id, before, JsonSerializer.Serialize(unit)));
        await db.SaveChangesAsync(cancellationToken);
        return unit.Id;
    }

    /// <summary>Deletes a unit without children; its rules go with it and its spend is re-allocated by the remaining rules.</summary>
    public async Task DeleteAsync(int id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unit = await db.OrgUnits.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new KeyNotFoundException($"Org unit {id} does not exist.");
        if (await db.OrgUnits.AnyAsync(u => u.ParentId == id, cancellationToken))
            throw new AllocationRuleException("Children", $"'{unit.Name}' still has child units; move or delete them first.");
        // Its spend in a closed month would become unallocated there: the past never moves silently.
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        var closedWithSpend = (await db.Rollups.Where(r => r.Grain == RollupGrain.Month && r.OrgUnitId == id).Select(r => r.Date).Distinct().ToListAsync(cancellationToken))
            .Where(closed.IsClosed).Order().ToList();
        if (closedWithSpend.Count > 0)
            throw new AllocationRuleException("ClosedMonths", $"'{unit.Name}' has spend in closed months ({string.Join(", ", closedWithSpend.Select(m => m.ToString("yyyy-MM")))}); deleting it would change them. Rename it or move its rules instead.");
        db.OrgUnits.Remove(unit);
        db.AuditEvents.Add(Audit(actor, "org-unit.deleted", id, JsonSerializer.Serialize(unit), null));
        await db.SaveChangesAsync(cancellationToken);
        allocation.StartReallocation(actor);
    }

    public async Task AddMemberAsync(int unitId, string email, bool owner, string actor, CancellationToken cancellationToken)
    {
        email = email.Trim().ToLowerInvariant();
        if (!email.Contains('@', StringComparison.Ordinal) || TextInput.Problem(email, "The e-mail address", 320) is not null || email.Contains(' ', StringComparison.Ordinal))
            throw new AllocationRuleException("Email", "Enter the person's e-mail address.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.OrgUnitMembers.SingleOrDefaultAsync(m => m.OrgUnitId == unitId && m.UserEmail == email, cancellationToken);
        if (member is null) db.OrgUnitMembers.Add(new OrgUnitMember { OrgUnitId = unitId, UserEmail = email, IsOwner = owner });
        else member.IsOwner = owner;
        db.AuditEvents.Add(Audit(actor, "org-unit.member-set", unitId, null, JsonSerializer.Serialize(new { email, owner })));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveMemberAsync(int memberId, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.OrgUnitMembers.SingleOrDefaultAsync(m => m.Id == memberId, cancellationToken) ?? throw new KeyNotFoundException($"Member {memberId} does not exist.");
        db.OrgUnitMembers.Remove(member);
        db.AuditEvents.Add(Audit(actor, "org-unit.member-removed", member.OrgUnitId, JsonSerializer.Serialize(new { member.UserEmail, member.IsOwner }), null));
        await db.SaveChangesAsync(cancellationToken);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex CodePattern();

    private AuditEvent Audit(string actor, string action, int id, string? before, string? after) =>
        AuditEvent.Of(time.GetUtcNow().UtcDateTime, actor, action, nameof(OrgUnit), id, before, after);
}
