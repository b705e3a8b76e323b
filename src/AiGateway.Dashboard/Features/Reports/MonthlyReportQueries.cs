using System.Globalization;
using System.Reflection;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Approvals;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Reports;

/// <summary>
/// Reads a month for the workbook through the dashboard's own queries (rollups, scope, effective budget amounts),
/// so every figure equals what the pages and the API show for that month.
/// </summary>
public sealed class MonthlyReportQueries(
    IDbContextFactory<DashboardDbContext> dbFactory,
    SpendQueries spend,
    AnomalyQueries anomalies,
    Connections.ConnectionsQueries connectionsQueries,
    Books.BooksQueries booksQueries,
    ChargebackQueries chargeback,
    Reconciliation.ReconciliationQueries reconciliation,
    Books.AccrualService accruals,
    Microsoft.Extensions.Options.IOptions<Configuration.ReportingOptions> reporting,
    TimeProvider time)
{
    public static readonly string GeneratorVersion =
        typeof(MonthlyReportQueries).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public async Task<MonthlyReport> LoadAsync(Period month, SpendScope scope, string scopeLabel, CancellationToken cancellationToken)
    {
        var last = month.Previous();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Task<IReadOnlyList<SpendRow>> Query(Period p, params SpendDimension[] by) => spend.QueryAsync(new SpendQuery(p.Start, p.End, by) { Scope = scope }, cancellationToken);

        var total = (await Query(month)).Sum(r => r.CostMicros);
        var lastTotal = (await Query(last)).Sum(r => r.CostMicros);
        var byUnit = (await Query(month, SpendDimension.OrgUnit)).ToDictionary(r => r.Key.OrgUnitId ?? 0, r => r.CostMicros);
        var byUnitLast = (await Query(last, SpendDimension.OrgUnit)).ToDictionary(r => r.Key.OrgUnitId ?? 0, r => r.CostMicros);
        var providersModels = (await Query(month, SpendDimension.Provider, SpendDimension.Model))
            .Select(r => new ReportProviderModel(r.Key.Provider!.Value, r.Key.Model ?? "", r.CostMicros, r.InputTokens, r.CachedInputTokens, r.OutputTokens, r.Requests))
            .OrderBy(r => r.Provider.ToString(), StringComparer.Ordinal).ThenByDescending(r => r.CostMicros).ThenBy(r => r.Model, StringComparer.Ordinal).ToList();
        var daily = (await Query(month, SpendDimension.Day, SpendDimension.Provider))
            .Select(r => new ReportDaily(r.Key.Day!.Value, r.Key.Provider!.Value, r.CostMicros, r.InputTokens, r.OutputTokens, r.Requests))
            .OrderBy(r => r.Day).ThenBy(r => r.Provider.ToString(), StringComparer.Ordinal).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var allBudgets = await db.Budgets.AsNoTracking().ToListAsync(cancellationToken);
        var budgets = allBudgets.Where(b => b.PeriodKind == PeriodKind.Monthly).ToDictionary(b => b.OrgUnitId);
        var amounts = await Budgets.BudgetAmounts.LoadAsync(db, allBudgets.Select(b => b.Id).ToList(), cancellationToken);

        // The tree in order, each unit with its direct spend and the spend of everything below it.
        var units = new List<ReportUnit>();
        void Visit(OrgUnit unit, int depth, string parentPath, bool budgetAbove)
        {
            var path = $"{parentPath}{unit.Id}/";
            if (scope.CanSee(unit.Id))
            {
                long? budget = budgets.TryGetValue(unit.Id, out var b) ? amounts.For(b, month) : null;
                var subtree = tree.Subtree(unit.Id);
                units.Add(new ReportUnit(unit, depth, path, byUnit.GetValueOrDefault(unit.Id), subtree.Sum(id => byUnit.GetValueOrDefault(id)), budget,
                    budget is not null && !budgetAbove, tree.FinanceCodeOf(unit.Id)));
            }
            var budgeted = budgetAbove || (scope.CanSee(unit.Id) && budgets.TryGetValue(unit.Id, out var own) && own.Covers(month));
            foreach (var child in tree.Children(unit.Id)) Visit(child, scope.CanSee(unit.Id) ? depth + 1 : depth, path, budgeted);
        }
        foreach (var root in tree.Roots) Visit(root, 0, "/", false);

        // Movers at one level (teams): a team, its projects and its cost centre would count the same change three times.
        var movers = units.Where(u => u.Unit.Kind == OrgUnitKind.Team)
            .Select(u => new ReportMover(u.Unit.Name, u.TotalMicros, tree.Subtree(u.Unit.Id).Sum(id => byUnitLast.GetValueOrDefault(id))))
            .Where(m => m.ChangeMicros != 0).OrderByDescending(m => Math.Abs(m.ChangeMicros)).Take(5).ToList();

        var unallocated = new List<ReportUnallocated>();
        if (scope.IsAll)
        {
            var names = (await db.ProviderEntities.AsNoTracking().ToListAsync(cancellationToken))
                .GroupBy(e => (e.ConnectionId, e.ExternalId)).ToDictionary(g => g.Key, g => g.First().Name);
            var connections = await db.Connections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
            var rows = await db.CostRecords.AsNoTracking()
                .Where(r => r.OrgUnitId == null && r.UsageDate >= month.Start && r.UsageDate <= month.End)
                .GroupBy(r => new { r.Provider, r.ConnectionId, r.ProjectId, r.ApiKeyId })
                .Select(g => new { g.Key.Provider, g.Key.ConnectionId, g.Key.ProjectId, g.Key.ApiKeyId, Cost = g.Sum(r => r.CostMicros), Requests = g.Sum(r => r.Requests) })
                .ToListAsync(cancellationToken);
            unallocated = rows.Where(r => r.Cost != 0 || r.Requests != 0)
                .Select(r => new ReportUnallocated(r.Provider, connections.GetValueOrDefault(r.ConnectionId, $"#{r.ConnectionId}"),
                    r.ProjectId ?? "", r.ProjectId is { } p ? names.GetValueOrDefault((r.ConnectionId, p), "") : "",
                    r.ApiKeyId ?? "", r.ApiKeyId is { } k ? names.GetValueOrDefault((r.ConnectionId, k), "") : "", r.Cost, r.Requests))
                .OrderByDescending(r => r.CostMicros).ThenBy(r => r.Project, StringComparer.Ordinal).ToList();
        }

        var monthStartUtc = month.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var monthEndUtc = month.End.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var decided = await db.BudgetRequests.AsNoTracking()
            .Where(r => r.DecidedUtc >= monthStartUtc && r.DecidedUtc < monthEndUtc && (r.Status == BudgetRequestStatus.Approved || r.Status == BudgetRequestStatus.Rejected))
            .OrderBy(r => r.DecidedUtc).ToListAsync(cancellationToken);
        var approvalLines = decided.Where(r => scope.CanSee(r.OrgUnitId))
            .Select(r => new ReportApproval(tree.Find(r.OrgUnitId)?.Name ?? $"#{r.OrgUnitId}", r.RequesterEmail, r.CreatedUtc, r.AmountMicros, r.ApprovedAmountMicros,
                r.Describe(), r.Status.ToString(), r.FirstApproverEmail, r.FirstApprovedUtc, r.DecidedByEmail ?? "", r.DecidedUtc!.Value, r.DecisionComment))
            .ToList();

        // Data freshness: the last run and the last successful run of every connection, one grouped query each.
        var lastRuns = await connectionsQueries.LastRunsAsync(cancellationToken);
        // A re-pull of a past range says nothing about how far the data runs: the planned runs do.
        var lastSuccesses = await db.SyncRuns.AsNoTracking().Where(r => r.Status == SyncRunStatus.Succeeded && !r.RangeRequested)
            .GroupBy(r => r.ConnectionId).Select(g => g.OrderByDescending(r => r.Id).First()).ToDictionaryAsync(r => r.ConnectionId, cancellationToken);
        var freshness = (await db.Connections.AsNoTracking().Where(c => c.Kind != ProviderKind.Gateway).OrderBy(c => c.Name).ToListAsync(cancellationToken))
            .Select(c => new ReportFreshness(c.Name, c.Kind, lastSuccesses.GetValueOrDefault(c.Id)?.FinishedUtc, lastRuns.GetValueOrDefault(c.Id)?.Status.ToString(),
                lastSuccesses.GetValueOrDefault(c.Id)?.WindowTo))
            .ToList();

        var dataFrom = await db.Rollups.Where(r => r.Grain == RollupGrain.Day && r.Basis != RollupBasis.UsageOnly).MinAsync(r => (DateOnly?)r.Date, cancellationToken);
        // Quarter and year to date against the quarterly and annual budgets, through the month's end.
        var periodBudgets = new List<ReportPeriodBudget>();
        foreach (var group in allBudgets.Where(b => b.PeriodKind != PeriodKind.Monthly && scope.CanSee(b.OrgUnitId)).GroupBy(b => b.PeriodKind))
        {
            var period = Period.Containing(group.Key, month.End, reporting.Value.FiscalYearStartMonth);
            var toDate = (await spend.QueryAsync(new SpendQuery(period.Start, month.End, [SpendDimension.OrgUnit]) { Scope = scope }, cancellationToken))
                .ToDictionary(x => x.Key.OrgUnitId ?? 0, x => x.CostMicros);
            foreach (var b in group)
            {
                if (amounts.For(b, period) is not { } amount) continue;
                periodBudgets.Add(new ReportPeriodBudget(tree.Find(b.OrgUnitId)?.Name ?? $"#{b.OrgUnitId}", b.PeriodKind, period,
                    tree.Subtree(b.OrgUnitId).Sum(id => toDate.GetValueOrDefault(id)), amount, dataFrom is { } d && d > period.Start ? d : null));
            }
        }
        var found = await anomalies.InWindowAsync(scope, month.Start, month.End, cancellationToken);
        var books = await booksQueries.MonthAsync(month, cancellationToken);
        var booked = (await booksQueries.AdjustmentsAsync(month, null, cancellationToken)).Where(a => a.OrgUnitId is null ? scope.IsAll : scope.CanSee(a.OrgUnitId.Value)).ToList();
        var reportBooks = new ReportBooks(books.Closed, books.Books?.ClosedBy, books.Books?.ClosedUtc, books.RestatedSinceCloseMicros, booked);
        // Money in every currency: what each provider billed in each currency, and the rates the month converted at.
        var currencies = (await db.CostRecords.AsNoTracking()
                .Where(c => c.Kind == CostKind.Billed && c.RestatedDate == null && c.UsageDate >= month.Start && c.UsageDate <= month.End)
                .GroupBy(c => new { c.Provider, c.OriginalCurrency, c.OrgUnitId })
                .Select(g => new { g.Key.Provider, g.Key.OriginalCurrency, g.Key.OrgUnitId, Rows = g.Count(), Original = g.Sum(c => c.OriginalMicros), Reporting = g.Sum(c => c.CostMicros), Unconverted = g.Count(c => c.Unconverted) })
                .ToListAsync(cancellationToken))
            .Where(g => g.OrgUnitId is { } id ? scope.CanSee(id) : scope.IsAll)
            .GroupBy(g => (g.Provider, g.OriginalCurrency))
            .Select(g => new ReportCurrency(g.Key.Provider, g.Key.OriginalCurrency, g.Sum(x => x.Rows), g.Sum(x => x.Original), g.Sum(x => x.Reporting), g.Sum(x => x.Unconverted)))
            .OrderBy(c => c.Provider).ThenBy(c => c.OriginalCurrency, StringComparer.Ordinal).ToList();
        var foreign = currencies.Select(c => c.OriginalCurrency).Where(c => c != ReportingCurrency.Code).Distinct().ToList();
        var since = month.Start.AddDays(-FxTable.MaxLookbackDays);
        var rates = foreign.Count == 0 ? [] : (await db.FxRates.AsNoTracking().Where(x => x.Day >= since && x.Day <= month.End).ToListAsync(cancellationToken))
            .Where(x => foreign.Contains(x.From) || foreign.Contains(x.To)).OrderBy(x => x.Day).ThenBy(x => x.From, StringComparer.Ordinal).ThenBy(x => x.To, StringComparer.Ordinal).ToList();
        return new MonthlyReport(month, scopeLabel, scope.IsAll, time.GetUtcNow().UtcDateTime, GeneratorVersion, total, lastTotal,
            scope.IsAll ? byUnit.GetValueOrDefault(0) : 0, units, providersModels, daily, approvalLines, unallocated, found, movers, freshness, reportBooks,
            scope.IsAll ? await chargeback.JournalAsync(month, cancellationToken) : null,
            periodBudgets.OrderBy(p => p.Kind).ThenBy(p => p.OrgUnit, StringComparer.Ordinal).ToList(), dataFrom,
            month.Start > today ? null : await reconciliation.QueryAsync(new DateWindow(month.Start, month.End < today ? month.End : today),
                [Reconciliation.ReconciliationDimension.Provider, Reconciliation.ReconciliationDimension.Project], scope, cancellationToken),
            // Accruals are the whole company's, per provider: in the Preliminary pack while open, the true-up once closed.
            scope.IsAll && !books.Closed ? await accruals.ForMonthAsync(month, cancellationToken) : null,
            scope.IsAll && books.Closed ? await accruals.TrueUpAsync(month, cancellationToken) : null,
            currencies, rates);
    }

    /// <summary>The newest archived versions (at most <paramref name="take"/>), without their workbook bytes.</summary>
    public async Task<IReadOnlyList<ReportArchive>> ArchiveAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ReportArchives.AsNoTracking().OrderByDescending(a => a.Month).ThenByDescending(a => a.Version).Take(take)
            .Select(a => new ReportArchive { Id = a.Id, Month = a.Month, Version = a.Version, CreatedUtc = a.CreatedUtc, CreatedBy = a.CreatedBy, Sha256 = a.Sha256,
                SizeBytes = a.SizeBytes, TotalMicros = a.TotalMicros, Changes = a.Changes, EmailedUtc = a.EmailedUtc, Final = a.Final }).ToListAsync(cancellationToken);
    }

    public static bool TryParseMonth(string text, out Period month)
    {
        month = default;
        if (text.Length != 7 || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || first < DateLimits.Earliest || first.Year > 9000) return false;
        month = Period.Month(first.Year, first.Month);
        return true;
    }
}
