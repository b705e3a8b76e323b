using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Features.Reports;

/// <summary>Everything the month-end workbook shows, read once from the same queries the dashboard uses.</summary>
public sealed record MonthlyReport(
    Period Month,
    string ScopeLabel,
    bool ScopeIsAll,
    DateTime GeneratedUtc,
    string GeneratorVersion,
    long TotalMicros,
    long LastMonthMicros,
    long UnallocatedMicros,
    IReadOnlyList<ReportUnit> Units,
    IReadOnlyList<ReportProviderModel> ProvidersAndModels,
    IReadOnlyList<ReportDaily> Daily,
    IReadOnlyList<ReportApproval> Approvals,
    IReadOnlyList<ReportUnallocated> Unallocated,
    IReadOnlyList<SpendAnomaly> Anomalies,
    IReadOnlyList<ReportMover> TopMovers,
    IReadOnlyList<ReportFreshness> Freshness,
    ReportBooks Books,
    ChargebackJournal? Chargeback,
    IReadOnlyList<ReportPeriodBudget> PeriodBudgets,
    DateOnly? DataFrom = null,
    Reconciliation.ReconciliationReport? Reconciliation = null,
    IReadOnlyList<Accrual>? Accruals = null,
    IReadOnlyList<(AccrualSnapshot Accrual, long FinalBilledMicros)>? TrueUps = null,
    IReadOnlyList<ReportCurrency>? Currencies = null,
    IReadOnlyList<FxRate>? Rates = null)
{
    /// <summary>The first day with data when it falls inside the month: the month is only partly covered.</summary>
    public DateOnly? PartialFrom => DataFrom is { } d && d > Month.Start && d <= Month.End ? d : null;

    /// <summary>Units whose spend (with the units below) is above their monthly budget, most over first.</summary>
    public IReadOnlyList<ReportUnit> OverBudget => Units.Where(u => u.BudgetMicros is { } b && u.TotalMicros > b)
        .OrderByDescending(u => (decimal)u.TotalMicros / Math.Max(1, u.BudgetMicros!.Value)).ToList();

    /// <summary>The monthly budgets of the top-most budgeted units (a budget below another is already inside it).</summary>
    public long? BudgetMicros => Units.Any(u => u.CountsTowardBudget) ? Units.Where(u => u.CountsTowardBudget).Sum(u => u.BudgetMicros!.Value) : null;
}

/// <param name="Path">"/1/5/23/": the ids from the root, so a unit's subtree is every row whose path starts with it.</param>
/// <param name="DirectMicros">Spend allocated to the unit itself (not to units below it).</param>
/// <param name="TotalMicros">Spend of the unit and everything below it.</param>
/// <param name="BudgetMicros">The unit's monthly budget for the month (base or override + approved increases), if it has one.</param>
/// <param name="CountsTowardBudget">It has a monthly budget and no unit above it has one (its budget is not inside another).</param>
/// <param name="FinanceCode">The unit's finance code, or its nearest ancestor's (inherited down the tree).</param>
public sealed record ReportUnit(OrgUnit Unit, int Depth, string Path, long DirectMicros, long TotalMicros, long? BudgetMicros, bool CountsTowardBudget, string? FinanceCode = null);

/// <summary>What one provider billed in one currency in the month: as billed, and in the reporting currency; rows waiting for a rate count 0 there.</summary>
public sealed record ReportCurrency(ProviderKind Provider, string OriginalCurrency, int Rows, long OriginalMicros, long ReportingMicros, int UnconvertedRows);

public sealed record ReportProviderModel(ProviderKind Provider, string Model, long CostMicros, long InputTokens, long CachedInputTokens, long OutputTokens, long Requests);

public sealed record ReportDaily(DateOnly Day, ProviderKind Provider, long CostMicros, long InputTokens, long OutputTokens, long Requests);

public sealed record ReportApproval(string OrgUnit, string Requester, DateTime RequestedUtc, long RequestedMicros, long? ApprovedMicros, string Covers, string Status,
    string? FirstApprover, DateTime? FirstApprovedUtc, string DecidedBy, DateTime DecidedUtc, string? Comment);

public sealed record ReportUnallocated(ProviderKind Provider, string Connection, string Project, string ProjectName, string ApiKey, string ApiKeyName, long CostMicros, long Requests);

public sealed record ReportMover(string OrgUnit, long ThisMonthMicros, long LastMonthMicros)
{
    public long ChangeMicros => ThisMonthMicros - LastMonthMicros;
}

/// <summary>The month's books: Final once closed (by whom, when), Preliminary while open; the prior-period adjustments booked in it.</summary>
public sealed record ReportBooks(bool Final, string? ClosedBy, DateTime? ClosedUtc, long RestatedSinceCloseMicros, IReadOnlyList<Books.AdjustmentLine> AdjustmentsBooked)
{
    public string Status => Final ? "Final" : "Preliminary";

    public string Statement => Final
        ? $"Final — {ClosedBy} closed the month on {ClosedUtc:yyyy-MM-dd HH:mm} UTC"
        : "Preliminary — the month is open; its figures can still change";
}

/// <summary>A quarterly or annual budget against its spend from the period's start to the month's end.</summary>
/// <param name="DataFrom">The first day with spend data, when it falls after the period's start: the period is only partly covered.</param>
public sealed record ReportPeriodBudget(string OrgUnit, PeriodKind Kind, Period Period, long SpentToDateMicros, long BudgetMicros, DateOnly? DataFrom = null);

public sealed record ReportFreshness(string Connection, ProviderKind Provider, DateTime? LastSuccessUtc, string? LastStatus, DateOnly? DataThrough);
