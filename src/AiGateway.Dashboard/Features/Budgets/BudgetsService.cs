using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>What a person enters to create or edit a budget. <see cref="Amount"/> is in USD.</summary>
public sealed record BudgetInput(
    int Id,
    int OrgUnitId,
    PeriodKind PeriodKind,
    decimal Amount,
    string Thresholds = BudgetThresholds.Default,
    bool ForecastAlert = true,
    bool HardLimit = false,
    bool NotifyFinance = true,
    Guid? Version = null,
    DateOnly? FirstPeriod = null,
    DateOnly? EffectiveFrom = null,
    bool ConfirmPastPeriod = false);

/// <summary>
/// Creates, edits and deletes budgets and their per-period amounts (one by one or from CSV). Only Finance and
/// Admin may; the check is here, not only in the UI. Every change is validated whole (nothing is saved when any
/// field or line is wrong), audited with before and after values, and re-evaluates the budgets.
/// </summary>
public sealed class BudgetsService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    BudgetEvaluator evaluator,
    BudgetSnapshot snapshot,
    IOptions<BudgetsOptions> options,
    IOptions<ReportingOptions> reporting,
    TimeProvider time,
    Changes.ChangeSignal? changes = null)
{
    /// <summary>Budgets changed: evaluated here at once, and other nodes told to evaluate too.</summary>
    private async Task ChangedAsync(CancellationToken cancellationToken)
    {
        await evaluator.EvaluateAsync(cancellationToken);
        changes?.Publish(new DataChange(ChangeKind.BudgetDefinitions));
    }

    public const string CsvHeader = "org_unit,period_kind,period_start,amount";

    /// <summary>What is allowed but worth saying about a budget, as of the last evaluation (e.g. above its parent's).</summary>
    public IReadOnlyList<string> WarningsOf(int budgetId) =>
        snapshot.All.Where(s => s.BudgetId == budgetId).Select(s => snapshot.ExceedsParent(s)).OfType<string>()
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]).ToList();

    public static bool CanManage(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Finance) || user.IsInRole(Roles.Admin) || user.HasClaim(ApiScopes.ClaimType, ApiScopes.BudgetsWrite);

    public async Task<int> SaveAsync(ClaimsPrincipal user, BudgetInput input, CancellationToken cancellationToken)
    {
        var actor = Authorize(user);
        var errors = new List<BudgetInputError>();
        var amount = ValidAmount(input.Amount, "Amount", errors);
        var thresholds = BudgetThresholds.TryParse(input.Thresholds, out var thresholdError);
        if (thresholds is null) errors.Add(new("Thresholds", thresholdError!));
        if (!Enum.IsDefined(input.PeriodKind)) errors.Add(new("PeriodKind", "Choose monthly, quarterly or annual."));

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unit = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Id == input.OrgUnitId, cancellationToken);
        if (unit is null) errors.Add(new("OrgUnitId", "Choose an existing org unit."));
        Budget? budget = null;
        if (input.Id != 0)
        {
            budget = await db.Budgets.SingleOrDefaultAsync(b => b.Id == input.Id, cancellationToken)
                ?? throw new KeyNotFoundException($"Budget {input.Id} does not exist.");
            if (budget.OrgUnitId != input.OrgUnitId || budget.PeriodKind != input.PeriodKind)
                errors.Add(new("PeriodKind", "A budget keeps its unit and period kind; delete it and create a new one instead."));
        }
        var duplicate = unit is not null && await db.Budgets.AnyAsync(b => b.Id != input.Id && b.OrgUnitId == input.OrgUnitId && b.PeriodKind == input.PeriodKind, cancellationToken);
        if (duplicate)
            errors.Add(new("PeriodKind", $"'{unit!.Name}' already has a {input.PeriodKind.ToString().ToLowerInvariant()} budget; edit that one."));
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var current = Period.Containing(input.PeriodKind, today, reporting.Value.FiscalYearStartMonth).Start;
        var first = budget?.FirstPeriodStart ?? input.FirstPeriod ?? current;
        if (budget is null && PeriodStartError(input.PeriodKind, first) is { } firstError) errors.Add(new("FirstPeriod", firstError));
        var effectiveFrom = budget is null ? first : input.EffectiveFrom ?? current;
        if (budget is not null && input.EffectiveFrom is not null)
        {
            if (PeriodStartError(input.PeriodKind, effectiveFrom) is { } fromError) errors.Add(new("EffectiveFrom", fromError));
            else if (effectiveFrom < budget.FirstPeriodStart) errors.Add(new("EffectiveFrom", $"The budget starts on {budget.FirstPeriodStart:yyyy-MM-dd}; a change cannot take effect before it."));
            else if (FirstClosed(await db.ClosedMonthsAsync(cancellationToken), input.PeriodKind, effectiveFrom, today) is { } closedPeriod)
                errors.Add(new("EffectiveFrom", ClosedMessage(closedPeriod)));
            else if (effectiveFrom < current && !input.ConfirmPastPeriod)
                errors.Add(new("EffectiveFrom", $"{effectiveFrom:yyyy-MM-dd} is a past period: its amount would change too. Confirm to change past periods, or start from {current:yyyy-MM-dd}."));
        }
        if (errors.Count > 0) throw new BudgetValidationException(errors) { IsConflict = duplicate && errors.Count == 1 };

        var before = budget is null ? null : AuditJson(budget, unit!);
        var oldThresholds = budget?.Thresholds;
        if (budget is null)
        {
            budget = new Budget { OrgUnitId = input.OrgUnitId, PeriodKind = input.PeriodKind, Currency = ReportingCurrency.Code, FirstPeriodStart = first };
            db.Budgets.Add(budget);
        }
        else if (input.Version is { } version)
        {
            // Optimistic concurrency: an edit made on a stale copy is refused instead of overwriting someone else's.
            db.Entry(budget).Property(b => b.Version).OriginalValue = version;
        }
        await RecordAmountAsync(db, budget, amount, effectiveFrom, actor, cancellationToken);
        budget.Thresholds = BudgetThresholds.Format(thresholds!);
        budget.ForecastAlert = input.ForecastAlert;
        budget.HardLimit = input.HardLimit;
        budget.NotifyFinance = input.NotifyFinance;
        budget.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new BudgetValidationException("Version", "Someone else changed this budget since you opened it; reload and try again.");
        }
        catch (DbUpdateException) when (before is null)
        {
            throw new BudgetValidationException("PeriodKind", $"'{unit!.Name}' already has a {input.PeriodKind.ToString().ToLowerInvariant()} budget; edit that one.") { IsConflict = true };
        }
        if (before is null)
            db.BudgetAmountChanges.Add(new BudgetAmountChange { BudgetId = budget.Id, EffectiveFrom = first, AmountMicros = amount, ChangedUtc = time.GetUtcNow().UtcDateTime, ChangedBy = actor });
        db.AuditEvents.Add(Audit(actor, before is null ? "budget.created" : "budget.updated", budget.Id, before, AuditJson(budget, unit!, effectiveFrom)));
        await db.SaveChangesAsync(cancellationToken);

        if (oldThresholds is not null && oldThresholds != budget.Thresholds)
            await CoverMovedThresholdsAsync(budget, cancellationToken);
        await ChangedAsync(cancellationToken);
        return budget.Id;
    }

    /// <summary>
    /// The amount from a period on: earlier periods keep what they had (a budget without history first gets its old
    /// base recorded from its first period), and a later scheduled change stays in force from its own period.
    /// </summary>
    private async Task RecordAmountAsync(DashboardDbContext db, Budget budget, long amount, DateOnly effectiveFrom, string actor, CancellationToken cancellationToken)
    {
        if (budget.Id == 0)
        {
            // A new budget: its first change is written with it, once it has an id (SaveAsync).
            budget.BaseAmountMicros = amount;
            return;
        }
        var changes = await db.BudgetAmountChanges.Where(c => c.BudgetId == budget.Id).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (changes.Count == 0)
        {
            if (budget.BaseAmountMicros == amount) return;
            changes.Add(new BudgetAmountChange { BudgetId = budget.Id, EffectiveFrom = budget.FirstPeriodStart, AmountMicros = budget.BaseAmountMicros, ChangedUtc = now, ChangedBy = actor });
            db.BudgetAmountChanges.Add(changes[0]);
        }
        var inForce = changes.Where(c => c.EffectiveFrom <= effectiveFrom).MaxBy(c => c.EffectiveFrom);
        if (inForce?.AmountMicros == amount) return;
        if (inForce?.EffectiveFrom == effectiveFrom)
        {
            inForce.AmountMicros = amount;
            inForce.ChangedUtc = now;
            inForce.ChangedBy = actor;
        }
        else
        {
            var change = new BudgetAmountChange { BudgetId = budget.Id, EffectiveFrom = effectiveFrom, AmountMicros = amount, ChangedUtc = now, ChangedBy = actor };
            changes.Add(change);
            db.BudgetAmountChanges.Add(change);
        }
        budget.BaseAmountMicros = changes.MaxBy(c => c.EffectiveFrom)!.AmountMicros;
    }

    public async Task DeleteAsync(ClaimsPrincipal user, int budgetId, CancellationToken cancellationToken)
    {
        var actor = Authorize(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var budget = await db.Budgets.SingleOrDefaultAsync(b => b.Id == budgetId, cancellationToken)
            ?? throw new KeyNotFoundException($"Budget {budgetId} does not exist.");
        var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == budget.OrgUnitId, cancellationToken);
        db.Budgets.Remove(budget);
        db.AuditEvents.Add(Audit(actor, "budget.deleted", budget.Id, AuditJson(budget, unit), null));
        await db.SaveChangesAsync(cancellationToken);
        await ChangedAsync(cancellationToken);
    }

    /// <summary>Sets one period's amount (null returns the period to the base amount).</summary>
    public async Task SetPeriodAmountAsync(ClaimsPrincipal user, int budgetId, DateOnly periodStart, decimal? amount, CancellationToken cancellationToken)
    {
        var actor = Authorize(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == budgetId, cancellationToken)
            ?? throw new KeyNotFoundException($"Budget {budgetId} does not exist.");
        var errors = new List<BudgetInputError>();
        if (PeriodStartError(budget.PeriodKind, periodStart) is { } periodError) errors.Add(new("PeriodStart", periodError));
        else if (FirstClosed(await db.ClosedMonthsAsync(cancellationToken), budget.PeriodKind, periodStart, periodStart) is { } closedPeriod)
            errors.Add(new("PeriodStart", ClosedMessage(closedPeriod)));
        long? micros = amount is { } a ? ValidAmount(a, "Amount", errors) : null;
        if (errors.Count > 0) throw new BudgetValidationException(errors);
        await ApplyOverridesAsync(db, actor, budget, [(periodStart, micros)], cancellationToken);
        await ChangedAsync(cancellationToken);
    }

    /// <summary>
    /// Imports per-period amounts from CSV (<see cref="CsvHeader"/>; an empty amount returns the period to the base).
    /// All or nothing: any bad line refuses the whole file, with one message per line. Returns the lines applied.
    /// </summary>
    public async Task<int> ImportPeriodAmountsCsvAsync(ClaimsPrincipal user, string csv, CancellationToken cancellationToken)
    {
        var actor = Authorize(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var budgets = await db.Budgets.AsNoTracking().ToListAsync(cancellationToken);
        var errors = new List<BudgetInputError>();
        var changes = new List<(Budget Budget, DateOnly Start, long? Micros)>();
        var seen = new HashSet<(int, DateOnly)>();
        var closed = await db.ClosedMonthsAsync(cancellationToken);

        var lines = csv.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || !string.Equals(lines[0].Trim().TrimStart('\uFEFF'), CsvHeader, StringComparison.OrdinalIgnoreCase))
            throw new BudgetValidationException("Line 1", $"The first line must be the header '{CsvHeader}'.");
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var field = $"Line {i + 1}";
            var cells = line.Split(',');
            if (cells.Length != 4)
            {
                errors.Add(new(field, $"Expected 4 values ({CsvHeader}), found {cells.Length}."));
                continue;
            }
            var (code, kindText, startText, amountText) = (cells[0].Trim(), cells[1].Trim(), cells[2].Trim(), cells[3].Trim());
            if (!units.TryGetValue(code, out var unit)) { errors.Add(new(field, $"'{code}' is not a known org unit code.")); continue; }
            if (!Enum.TryParse<PeriodKind>(kindText, true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
            { errors.Add(new(field, $"'{kindText}' is not a period kind; use monthly, quarterly or annual.")); continue; }
            var budget = budgets.SingleOrDefault(b => b.OrgUnitId == unit.Id && b.PeriodKind == kind);
            if (budget is null) { errors.Add(new(field, $"'{code}' has no {kind.ToString().ToLowerInvariant()} budget; create it first.")); continue; }
            if (!DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            { errors.Add(new(field, $"'{startText}' is not a date (yyyy-MM-dd).")); continue; }
            if (PeriodStartError(kind, start) is { } periodError) { errors.Add(new(field, periodError)); continue; }
            if (FirstClosed(closed, kind, start, start) is { } closedPeriod) { errors.Add(new(field, ClosedMessage(closedPeriod))); continue; }
            long? micros = null;
            if (amountText.Length > 0)
            {
                if (!decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
                { errors.Add(new(field, $"'{amountText}' is not an amount (use a dot for decimals, no thousands separators).")); continue; }
                var lineErrors = new List<BudgetInputError>();
                micros = ValidAmount(amount, field, lineErrors);
                if (lineErrors.Count > 0) { errors.AddRange(lineErrors); continue; }
            }
            if (!seen.Add((budget.Id, start))) { errors.Add(new(field, $"{code} {kind.ToString().ToLowerInvariant()} {start:yyyy-MM-dd} appears twice.")); continue; }
            changes.Add((budget, start, micros));
        }
        if (errors.Count > 0) throw new BudgetValidationException(errors);
        if (changes.Count == 0) throw new BudgetValidationException("Line 2", "The file has no data lines.");

        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var group in changes.GroupBy(c => c.Budget.Id))
                await ApplyOverridesAsync(db, actor, group.First().Budget, group.Select(c => (c.Start, c.Micros)).ToList(), cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        await ChangedAsync(cancellationToken);
        return changes.Count;
    }

    private async Task ApplyOverridesAsync(DashboardDbContext db, string actor, Budget budget, IReadOnlyList<(DateOnly Start, long? Micros)> changes, CancellationToken cancellationToken)
    {
        var starts = changes.Select(c => c.Start).ToList();
        var existing = await db.BudgetOverrides.Where(o => o.BudgetId == budget.Id && starts.Contains(o.PeriodStart)).ToDictionaryAsync(o => o.PeriodStart, cancellationToken);
        var before = new SortedDictionary<string, decimal?>(StringComparer.Ordinal);
        var after = new SortedDictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var (start, micros) in changes)
        {
            var key = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            existing.TryGetValue(start, out var row);
            before[key] = row is null ? null : Money.Reporting(row.AmountMicros).ToMajor();
            after[key] = micros is { } m ? Money.Reporting(m).ToMajor() : null;
            if (micros is null) { if (row is not null) db.BudgetOverrides.Remove(row); }
            else if (row is null) db.BudgetOverrides.Add(new BudgetOverride { BudgetId = budget.Id, PeriodStart = start, AmountMicros = micros.Value });
            else row.AmountMicros = micros.Value;
        }
        db.AuditEvents.Add(Audit(actor, "budget.period-amounts-set", budget.Id,
            JsonSerializer.Serialize(new { baseAmount = Money.Reporting(budget.BaseAmountMicros).ToMajor(), periods = before }),
            JsonSerializer.Serialize(new { baseAmount = Money.Reporting(budget.BaseAmountMicros).ToMajor(), periods = after })));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// After an edit moves thresholds: when this period already had a threshold alert, the thresholds that spend
    /// has already passed under the new list count as alerted (recorded, not sent), so the edit does not fire twice.
    /// </summary>
    private async Task CoverMovedThresholdsAsync(Budget budget, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var period = Period.Containing(budget.PeriodKind, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), reporting.Value.FiscalYearStartMonth);
        var fired = await db.AlertEvents.Where(a => a.BudgetId == budget.Id && a.PeriodStart == period.Start && a.Kind == AlertKind.Threshold)
            .Select(a => a.Level).ToListAsync(cancellationToken);
        if (fired.Count == 0) return;
        var status = (await evaluator.EvaluateAsync(cancellationToken, fireAlerts: false)).SingleOrDefault(s => s.BudgetId == budget.Id);
        if (status is null) return;
        if (BudgetThresholds.ToFire(BudgetThresholds.Parse(budget.Thresholds), status.ActualMicros, status.BudgetMicros, fired.Max()) is not { } level) return;
        db.AlertEvents.Add(new AlertEvent
        {
            BudgetId = budget.Id, OrgUnitId = budget.OrgUnitId, PeriodStart = period.Start, Kind = AlertKind.Threshold,
            Key = level.ToString(CultureInfo.InvariantCulture), Level = level, FiredUtc = time.GetUtcNow().UtcDateTime,
            ActualMicros = status.ActualMicros, BudgetMicros = status.BudgetMicros, Suppressed = true,
            Title = $"{level} % threshold covered by an edit",
            Message = $"The thresholds were edited after the {fired.Max()} % alert of this period; {level} % was already passed, so it is not sent again.",
        });
        try { await db.SaveChangesAsync(cancellationToken); }
        catch (DbUpdateException) { /* an evaluation recorded it first: nothing to cover */ }
    }

    private long ValidAmount(decimal amount, string field, List<BudgetInputError> errors)
    {
        if (BudgetAmount.Error(amount, options.Value.MaxAmount) is { } error)
        {
            errors.Add(new(field, error));
            return 0;
        }
        return Money.MicrosFromMajor(amount);
    }

    private string? PeriodStartError(PeriodKind kind, DateOnly start)
    {
        if (DateLimits.Problem(start, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { } outside) return outside;
        var period = Period.Containing(kind, start, reporting.Value.FiscalYearStartMonth);
        return period.Start == start ? null
            : $"{start:yyyy-MM-dd} is not the first day of a {kind.ToString().ToLowerInvariant()} period; that period starts {period.Start:yyyy-MM-dd}.";
    }

    /// <summary>The first closed period of <paramref name="kind"/> from the one starting at <paramref name="from"/> through the one containing <paramref name="through"/>.</summary>
    private Period? FirstClosed(ClosedMonths closed, PeriodKind kind, DateOnly from, DateOnly through)
    {
        if (!closed.Any) return null;
        for (var p = Period.Containing(kind, from, reporting.Value.FiscalYearStartMonth); p.Start <= through; p = p.Next())
        {
            if (closed.IsClosed(p)) return p;
        }
        return null;
    }

    private static string ClosedMessage(Period period) =>
        $"{period.Label} is closed: its budget stays as it was closed. Change an open period instead (or ask Finance to reopen the month).";

    private static string Authorize(ClaimsPrincipal user)
    {
        if (!CanManage(user)) throw new UnauthorizedAccessException("Only Finance and Admin (or an API key with budgets:write) may create or change budgets.");
        return Spend.ScopeResolver.EmailOf(user) ?? user.Identity?.Name ?? "unknown";
    }

    private static string AuditJson(Budget budget, OrgUnit unit, DateOnly? amountFrom = null) => JsonSerializer.Serialize(new
    {
        orgUnit = unit.Code,
        periodKind = budget.PeriodKind.ToString(),
        firstPeriod = budget.FirstPeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        amount = Money.Reporting(budget.BaseAmountMicros).ToMajor(),
        amountFrom = amountFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        thresholds = budget.Thresholds,
        forecastAlert = budget.ForecastAlert,
        hardLimit = budget.HardLimit,
        notifyFinance = budget.NotifyFinance,
    });

    private AuditEvent Audit(string actor, string action, int id, string? before, string? after) =>
        AuditEvent.Of(time.GetUtcNow().UtcDateTime, actor, action, nameof(Budget), id, before, after);
}
