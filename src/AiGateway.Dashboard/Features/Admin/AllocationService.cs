using System.Globalization;
using System.Text.Json;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Admin;

/// <summary>
/// Allocation rules: preview what a change would move, save it (audited), and re-allocate all history in the
/// background: every fact gets the unit the rules now give it, then the rollups are rebuilt.
/// </summary>
public sealed class AllocationService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    DatabaseWriteGate writeGate,
    Changes.ChangeSignal changes,
    IServiceProvider services,
    IOptions<JobsOptions> jobOptions,
    TimeProvider time,
    ILogger<AllocationService> log)
{
    /// <summary>
    /// What replacing the rule set with <paramref name="rules"/> would move last month, largest first, and what it
    /// would have moved in each closed month — which it leaves as booked (decision 011).
    /// </summary>
    public async Task<IReadOnlyList<AllocationMove>> PreviewAsync(IReadOnlyList<AllocationRule> rules, CancellationToken cancellationToken)
    {
        var lastMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).Previous();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var closedMonths = await db.ClosedMonthsAsync(cancellationToken);
        var from = closedMonths.First is { } first && first < lastMonth.Start ? first : lastMonth.Start;
        // Rules may match keys and tags, which rollups do not keep: the preview reads the facts, grouped per month.
        var combos = await db.CostRecords.AsNoTracking()
            .Where(r => r.UsageDate >= from && r.UsageDate <= lastMonth.End)
            .GroupBy(r => new { r.UsageDate.Year, r.UsageDate.Month, r.ConnectionId, r.Provider, r.ProjectId, r.ApiKeyId, r.Model, r.Tags, r.OrgUnitId })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.ConnectionId, g.Key.Provider, g.Key.ProjectId, g.Key.ApiKeyId, g.Key.Model, g.Key.Tags, g.Key.OrgUnitId, Cost = g.Sum(r => r.CostMicros) })
            .ToListAsync(cancellationToken);
        var allocator = new Allocator(rules);
        return combos
            .Select(c => (Month: Period.Month(c.Year, c.Month), From: c.OrgUnitId, To: allocator.OrgUnitFor(new CostRecord
            {
                ConnectionId = c.ConnectionId, Provider = c.Provider, ProjectId = c.ProjectId, ApiKeyId = c.ApiKeyId, Model = c.Model, Tags = c.Tags,
            }), c.Cost))
            .Where(x => x.From != x.To && (x.Month == lastMonth || closedMonths.IsClosed(x.Month.Start)))
            .GroupBy(x => (x.Month, x.From, x.To))
            .Select(g => new AllocationMove(Name(tree, g.Key.From), Name(tree, g.Key.To), g.Sum(x => x.Cost), g.Key.Month.Label, closedMonths.IsClosed(g.Key.Month.Start)))
            .Where(m => m.CostMicros != 0)
            .OrderBy(m => m.Closed).ThenByDescending(m => m.Period).ThenByDescending(m => Math.Abs(m.CostMicros))
            .ToList();
    }

    public async Task<IReadOnlyList<AllocationRule>> RulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AllocationRules.AsNoTracking().OrderBy(r => r.Priority).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Adds (Id 0) or replaces a rule, then re-allocates history in the background.</summary>
    public async Task<int> SaveRuleAsync(AllocationRule rule, string actor, CancellationToken cancellationToken)
    {
        Validate(rule);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.OrgUnits.AnyAsync(u => u.Id == rule.OrgUnitId, cancellationToken))
            throw new AllocationRuleException("OrgUnitId", "Choose the org unit the spend goes to.");
        string? before = null;
        if (rule.Id == 0)
        {
            db.AllocationRules.Add(rule);
        }
        else
        {
            var existing = await db.AllocationRules.SingleOrDefaultAsync(r => r.Id == rule.Id, cancellationToken)
                ?? throw new KeyNotFoundException($"Rule {rule.Id} does not exist.");
            before = JsonSerializer.Serialize(existing);
            db.Entry(existing).CurrentValues.SetValues(rule);
        }
        await db.SaveChangesAsync(cancellationToken);
        db.AuditEvents.Add(Audit(actor, before is null ? "allocation-rule.created" : "allocation-rule.updated", rule.Id, before, JsonSerializer.Serialize(rule)));
        await db.SaveChangesAsync(cancellationToken);
        StartReallocation(actor);
        return rule.Id;
    }

    public async Task DeleteRuleAsync(int id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rule = await db.AllocationRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"Rule {id} does not exist.");
        db.AllocationRules.Remove(rule);
        db.AuditEvents.Add(Audit(actor, "allocation-rule.deleted", id, JsonSerializer.Serialize(rule), null));
        await db.SaveChangesAsync(cancellationToken);
        StartReallocation(actor);
    }

    /// <summary>Hands the re-allocation to Hangfire, or to a background task when no job server runs here.</summary>
    public void StartReallocation(string actor)
    {
        if (jobOptions.Value.Enabled)
        {
            // Resolved only when a job server is configured: no Hangfire client (and its global logger) otherwise.
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<AllocationService>(s => s.ReallocateAsync(actor, CancellationToken.None));
            return;
        }
        _ = Task.Run(async () =>
        {
            try { await ReallocateAsync(actor, CancellationToken.None); }
            catch (Exception ex) { log.LogError(ex, "Re-allocation failed"); }
        });
    }

    /// <summary>
    /// Gives every fact of an open month the unit the current rules give it and rebuilds the rollups, in one
    /// transaction. Closed months keep the allocation they were closed with (decision 011).
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Re-allocate history")]
    public async Task<int> ReallocateAsync(string actor, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var allocator = new Allocator(await db.AllocationRules.AsNoTracking().ToListAsync(cancellationToken));
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        var span = await db.CostRecords.GroupBy(r => 1).Select(g => new { From = g.Min(r => r.UsageDate), To = g.Max(r => r.UsageDate) }).SingleOrDefaultAsync(cancellationToken);
        var changed = 0;
        foreach (var open in span is null ? [] : closed.Open(new DateWindow(span.From, span.To)))
        {
            // Gateway estimate rows are rewritten from their buckets below.
            var combos = await db.CostRecords.AsNoTracking()
                .Where(r => r.UsageDate >= open.From && r.UsageDate <= open.To && r.LineItem != Usage.EstimateWriter.LineItem)
                .GroupBy(r => new { r.ConnectionId, r.Provider, r.ProjectId, r.ApiKeyId, r.Model, r.Tags, r.OrgUnitId })
                .Select(g => g.Key).ToListAsync(cancellationToken);
            foreach (var c in combos)
            {
                var target = allocator.OrgUnitFor(new CostRecord { ConnectionId = c.ConnectionId, Provider = c.Provider, ProjectId = c.ProjectId, ApiKeyId = c.ApiKeyId, Model = c.Model, Tags = c.Tags });
                if (target == c.OrgUnitId) continue;
                changed += await db.CostRecords
                    .Where(r => r.UsageDate >= open.From && r.UsageDate <= open.To && r.LineItem != Usage.EstimateWriter.LineItem
                                && r.ConnectionId == c.ConnectionId && r.Provider == c.Provider && r.ProjectId == c.ProjectId && r.ApiKeyId == c.ApiKeyId
                                && r.Model == c.Model && r.Tags == c.Tags && r.OrgUnitId == c.OrgUnitId)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.OrgUnitId, target), cancellationToken);
            }
        }
        changed += await ReattributeUsageAsync(db, tx.GetDbTransaction(), allocator, closed, cancellationToken);
        if (changed > 0) await RollupBuilder.RebuildAllAsync(db, cancellationToken);
        db.AuditEvents.Add(Audit(actor, "allocation.reallocated", 0, null, $"{{\"costRowsMoved\":{changed}}}"));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        log.LogInformation("Re-allocation moved {Rows} cost rows", changed);
        changes.Publish(new DataChange(ChangeKind.Allocation, Rows: changed));
        return changed;
    }

    /// <summary>
    /// Gateway buckets of open months follow the rules as billed rows do (those whose events named their unit stay);
    /// their days' estimates are rewritten. Returns how many buckets moved.
    /// </summary>
    private async Task<int> ReattributeUsageAsync(DashboardDbContext db, System.Data.Common.DbTransaction tx, Allocator allocator, ClosedMonths closed,
        CancellationToken cancellationToken)
    {
        var span = await db.UsageHours.GroupBy(h => 1).Select(g => new { From = g.Min(h => h.HourUtc), To = g.Max(h => h.HourUtc) }).SingleOrDefaultAsync(cancellationToken);
        if (span is null) return 0;
        var moved = 0;
        foreach (var open in closed.Open(new DateWindow(DateOnly.FromDateTime(span.From), DateOnly.FromDateTime(span.To))))
        {
            var (from, to) = open.Utc;
            var buckets = await db.UsageHours.Where(h => h.HourUtc >= from && h.HourUtc < to && !h.ExplicitOrgUnit).ToListAsync(cancellationToken);
            var here = 0;
            foreach (var b in buckets)
            {
                var target = allocator.OrgUnitFor(b.AllocationRecord());
                if (target == b.OrgUnitId) continue;
                b.OrgUnitId = target;
                here++;
            }
            if (here == 0) continue;
            moved += here;
            await db.SaveChangesAsync(cancellationToken);
            var gateway = await Usage.EstimateWriter.ConnectionIdAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
            await Usage.EstimateWriter.RefreshAsync(db, tx, gateway, open, cancellationToken);
        }
        return moved;
    }

    private static void Validate(AllocationRule rule)
    {
        if (rule.ConnectionId is null && rule.Provider is null && string.IsNullOrWhiteSpace(rule.ProjectId) && string.IsNullOrWhiteSpace(rule.ApiKeyId)
            && string.IsNullOrWhiteSpace(rule.Model) && string.IsNullOrWhiteSpace(rule.Tag))
            throw new AllocationRuleException("Match", "A rule must match on at least one of connection, provider, project, API key, model or tag.");
        if (rule.Priority is < 0 or > 1_000_000) throw new AllocationRuleException("Priority", "Use a priority from 0 to 1,000,000 (lower runs first).");
        foreach (var (field, what, value) in new[] { ("ProjectId", "The project", rule.ProjectId), ("ApiKeyId", "The API key", rule.ApiKeyId), ("Model", "The model", rule.Model), ("Tag", "The tag", rule.Tag) })
        {
            if (TextInput.Problem(value, what, 200, required: false) is { } problem) throw new AllocationRuleException(field, problem);
        }
        rule.ProjectId = Trim(rule.ProjectId);
        rule.ApiKeyId = Trim(rule.ApiKeyId);
        rule.Model = Trim(rule.Model);
        rule.Tag = Trim(rule.Tag);
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Name(OrgTree tree, int? id) => id is { } i ? tree.Find(i)?.Name ?? $"unit {i}" : "Unallocated";

    private AuditEvent Audit(string actor, string action, int id, string? before, string? after) =>
        AuditEvent.Of(time.GetUtcNow().UtcDateTime, actor, action, nameof(AllocationRule), id, before, after);
}

/// <summary>"This rule would move $12,340.18 in 2026-10 from Unallocated to Search" (or, for a closed month, would have).</summary>
public sealed record AllocationMove(string From, string To, long CostMicros, string Period, bool Closed = false)
{
    public override string ToString() => Closed
        ? $"would have moved {Money.Reporting(CostMicros).Format()} in {Period} from {From} to {To}; {Period} is closed, so it stays as booked"
        : $"would move {Money.Reporting(CostMicros).Format()} in {Period} from {From} to {To}";
}

public sealed class AllocationRuleException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
