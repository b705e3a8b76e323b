using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Approvals;

public enum RequestView
{
    /// <summary>Open requests this person may decide now.</summary>
    WaitingForMe = 0,
    /// <summary>Requests this person made.</summary>
    Mine = 1,
    /// <summary>Every request the person may see (Finance and Admin: all).</summary>
    All = 2,
}

/// <summary>A request with what an approver needs beside it.</summary>
public sealed record RequestRow(BudgetRequest Request, OrgUnit Unit, Budget Budget, BudgetStatus? Status, OutcomeMetric? Metric, bool CanDecide, bool CanCancel);

/// <summary>Reads of budget requests, within what the person may see; whether they may decide uses the service's rules.</summary>
public sealed class ApprovalQueries(IDbContextFactory<DashboardDbContext> dbFactory, ScopeResolver scopes, BudgetSnapshot snapshot, SpendQueries spend)
{
    public const int TrendDays = 30;

    /// <summary>
    /// The last <see cref="TrendDays"/> days of spend of each unit's whole subtree, ending today: one spend query
    /// (by day and unit) for every unit together, summed per subtree here.
    /// </summary>
    public async Task<Dictionary<int, IReadOnlyList<long>>> TrendsAsync(IReadOnlyCollection<int> unitIds, DateOnly today, CancellationToken cancellationToken)
    {
        if (unitIds.Count == 0) return [];
        OrgTree tree;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var subtrees = unitIds.ToDictionary(id => id, tree.Subtree);
        var from = today.AddDays(-(TrendDays - 1));
        var rows = await spend.QueryAsync(new SpendQuery(from, today, [SpendDimension.Day, SpendDimension.OrgUnit])
        {
            Filter = new SpendFilter { OrgUnitIds = subtrees.Values.SelectMany(s => s).Distinct().ToList() },
        }, cancellationToken);
        return subtrees.ToDictionary(kv => kv.Key, kv =>
        {
            var daily = rows.Where(r => r.Key.OrgUnitId is { } u && kv.Value.Contains(u)).GroupBy(r => r.Key.Day!.Value).ToDictionary(g => g.Key, g => g.Sum(r => r.CostMicros));
            return (IReadOnlyList<long>)Enumerable.Range(0, TrendDays).Select(i => daily.GetValueOrDefault(from.AddDays(i))).ToList();
        });
    }

    public async Task<IReadOnlyList<RequestRow>> ListAsync(ClaimsPrincipal user, RequestView view, BudgetRequestStatus? status, int? budgetId, CancellationToken cancellationToken)
    {
        var email = ScopeResolver.EmailOf(user);
        var scope = await scopes.ForAsync(user, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.BudgetRequests.AsNoTracking();
        if (status is { } s) query = query.Where(r => r.Status == s);
        if (budgetId is { } b) query = query.Where(r => r.BudgetId == b);
        if (view == RequestView.Mine) query = query.Where(r => r.RequesterEmail == email);
        if (view == RequestView.WaitingForMe) query = query.Where(r => r.Status == BudgetRequestStatus.Pending || r.Status == BudgetRequestStatus.PendingFinance);
        var requests = await query.OrderByDescending(r => r.CreatedUtc).ThenByDescending(r => r.Id).Take(500).ToListAsync(cancellationToken);
        if (requests.Count == 0) return [];

        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var owners = (await db.OrgUnitMembers.AsNoTracking().Where(m => m.IsOwner).ToListAsync(cancellationToken)).ToLookup(m => m.OrgUnitId, m => m.UserEmail.ToLowerInvariant());
        var budgetIds = requests.Select(r => r.BudgetId).Distinct().ToList();
        var budgets = await db.Budgets.AsNoTracking().Where(x => budgetIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, cancellationToken);
        var metrics = await db.OutcomeMetrics.AsNoTracking().ToDictionaryAsync(m => m.Id, cancellationToken);
        var statuses = snapshot.All.ToDictionary(x => x.BudgetId);

        var rows = new List<RequestRow>();
        foreach (var r in requests)
        {
            if (tree.Find(r.OrgUnitId) is not { } unit || !budgets.TryGetValue(r.BudgetId, out var budget)) continue;
            var canDecide = email is not null && CanDecide(user, email, r, tree, owners);
            var visible = scope.CanSee(r.OrgUnitId) || r.RequesterEmail == email || canDecide;
            if (!visible || (view == RequestView.WaitingForMe && !canDecide)) continue;
            rows.Add(new RequestRow(r, unit, budget, statuses.GetValueOrDefault(r.BudgetId),
                r.OutcomeMetricId is { } m ? metrics.GetValueOrDefault(m) : null, canDecide, r.IsOpen && r.RequesterEmail == email));
        }
        return rows;
    }

    public async Task<int> WaitingCountAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Finance)
            ? (await ListAsync(user, RequestView.WaitingForMe, null, null, cancellationToken)).Count
            : 0;

    /// <summary>The service's own rule (<see cref="ApprovalsService.DecisionRefusal"/>), with the owners already in memory.</summary>
    private static bool CanDecide(ClaimsPrincipal user, string email, BudgetRequest r, OrgTree tree, ILookup<int, string> owners) =>
        r.IsOpen && ApprovalsService.DecisionRefusal(user, email, r,
            e => tree.Ancestors(r.OrgUnitId).Select(u => u.Id).Append(r.OrgUnitId).Any(id => owners[id].Contains(e))) is null;
}
