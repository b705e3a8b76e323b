using System.Globalization;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Notifications;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// Evaluates every budget for its current period: actual spend of the unit's whole subtree (a parent's actual
/// includes its children), the forecast, the state; publishes the result to the in-memory snapshot; and fires
/// alerts. Each alert is a row with a unique key (budget, period, kind, key) inserted together with its
/// notifications, so however often evaluations run, and even when two race, each alert is sent once.
/// </summary>
public sealed class BudgetEvaluator(
    IDbContextFactory<DashboardDbContext> dbFactory,
    SpendQueries spend,
    BudgetSnapshot snapshot,
    NotificationPublisher publisher,
    IServiceProvider services,
    DatabaseWriteGate writeGate,
    Usage.EstimateRefresher estimates,
    IOptions<ReportingOptions> reporting,
    TimeProvider time,
    ILogger<BudgetEvaluator> log)
{
    /// <summary>How many recent days are checked for anomalies (late billing data can land a day or two after).</summary>
    public const int AnomalyLookbackDays = 3;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IReadOnlyList<BudgetStatus>> EvaluateAsync(CancellationToken cancellationToken, bool fireAlerts = true)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await EvaluateCoreAsync(fireAlerts, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<BudgetStatus>> EvaluateCoreAsync(bool fireAlerts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        List<OrgUnit> units;
        List<Budget> budgets;
        BudgetAmounts amounts;
        Allocator allocator;
        PriceBook prices;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            units = await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken);
            budgets = await db.Budgets.AsNoTracking().ToListAsync(cancellationToken);
            amounts = await BudgetAmounts.LoadAsync(db, null, cancellationToken);
            allocator = new Allocator(await db.AllocationRules.AsNoTracking().ToListAsync(cancellationToken));
            prices = await Prices.PricesService.BookAsync(db, today, cancellationToken);
        }
        var tree = new OrgTree(units);
        var statuses = new List<BudgetStatus>();
        var daily = new Dictionary<int, Dictionary<DateOnly, long>>();
        var estimatedDaily = new Dictionary<int, Dictionary<DateOnly, long>>();
        long includesLive;
        // No gateway batch commits while spend is read, so the live changes this reading includes are known exactly; the
        // day estimates of every batch so far are written first — then (only then) the write gate is needed, taken before
        // the live gate as every writer takes them, so a budget change does not wait for a running sync without cause.
        IDisposable? write = null;
        var live = await snapshot.HoldLiveAsync(cancellationToken);
        try
        {
            if (estimates.HasMarkedDays)
            {
                live.Dispose();
                write = await writeGate.EnterAsync(cancellationToken);
                live = await snapshot.HoldLiveAsync(cancellationToken);
            }
            includesLive = snapshot.LiveSequence;
            await estimates.FlushAsync(cancellationToken);
            foreach (var budget in budgets)
            {
                if (tree.Find(budget.OrgUnitId) is null) continue;
                var period = Period.Containing(budget.PeriodKind, today, reporting.Value.FiscalYearStartMonth);
                // A budget whose first period is still ahead has nothing to evaluate yet.
                if (amounts.For(budget, period) is not { } amount) continue;
                if (!daily.TryGetValue(budget.OrgUnitId, out var days))
                {
                    // Enough history for the anomaly baseline as well as the whole period so far.
                    var from = DateOnly.FromDayNumber(Math.Min(period.Start.DayNumber, today.DayNumber - AnomalyDetector.TrailingDays - AnomalyLookbackDays));
                    var rows = await spend.QueryAsync(new SpendQuery(from, today, [SpendDimension.Day])
                        {
                            Filter = new SpendFilter { OrgUnitIds = tree.Subtree(budget.OrgUnitId).ToList() },
                        }, cancellationToken);
                    daily[budget.OrgUnitId] = days = rows.ToDictionary(r => r.Key.Day!.Value, r => r.CostMicros);
                    estimatedDaily[budget.OrgUnitId] = rows.ToDictionary(r => r.Key.Day!.Value, r => r.EstimatedMicros);
                }
                var inPeriod = days.Where(d => period.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value);
                statuses.Add(new BudgetStatus(budget.Id, budget.OrgUnitId, period, amount, inPeriod.Values.Sum(), Forecast.For(period, today, inPeriod), budget.HardLimit)
                {
                    EstimatedMicros = estimatedDaily[budget.OrgUnitId].Where(d => period.Contains(d.Key)).Sum(d => d.Value),
                });
            }
        }
        finally
        {
            live.Dispose();
            write?.Dispose();
        }

        if (fireAlerts)
        {
            var fired = 0;
            try
            {
                // The alerts already fired, read once for every budget (a period may have begun up to a year ago).
                ILookup<int, AlertEvent> existing;
                await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                {
                    var since = statuses.Select(st => st.Period.Start).Append(today.AddDays(-62)).Min();
                    existing = (await db.AlertEvents.AsNoTracking().Where(a => a.PeriodStart >= since).ToListAsync(cancellationToken)).ToLookup(a => a.BudgetId);
                }
                var byId = budgets.ToDictionary(b => b.Id);
                foreach (var status in statuses)
                {
                    var budget = byId[status.BudgetId];
                    fired += await FireAlertsAsync(budget, status, tree.Find(budget.OrgUnitId)!, daily[budget.OrgUnitId], today, existing[budget.Id].ToList(), cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The states still reach the snapshot; the alerts are tried again on the next evaluation.
                log.LogError(ex, "Firing budget alerts failed after {Count} alert(s)", fired);
            }
            if (fired > 0)
            {
                log.LogInformation("Budget evaluation fired {Count} alert(s)", fired);
                publisher.Announce();
                services.GetService<NotificationDispatcher>()?.Wake();
            }
        }
        // Published after the alerts, so a page that refreshes on it shows them too.
        snapshot.Replace(now, units, statuses, allocator, prices, includesLive);
        return statuses;
    }

    private async Task<int> FireAlertsAsync(Budget budget, BudgetStatus status, OrgUnit unit, IReadOnlyDictionary<DateOnly, long> daily, DateOnly today,
        IReadOnlyList<AlertEvent> existing, CancellationToken cancellationToken)
    {
        var fired = 0;
        var label = status.Period.Label;
        var facts = Facts(budget, status, unit);

        var highestAlerted = existing.Where(a => a.Kind == AlertKind.Threshold && a.PeriodStart == status.Period.Start).Select(a => a.Level).DefaultIfEmpty(0).Max();
        if (BudgetThresholds.ToFire(BudgetThresholds.Parse(budget.Thresholds), status.ActualMicros, status.BudgetMicros, highestAlerted) is { } level)
        {
            var used = status.Used.ToString("P0", CultureInfo.InvariantCulture);
            if (await TryFireAsync(budget, status, status.Period.Start, AlertKind.Threshold, level.ToString(CultureInfo.InvariantCulture), level,
                $"{unit.Name}: {level} % of the {label} budget used",
                $"{unit.Name} has spent {Usd(status.ActualMicros)} of its {label} budget of {Usd(status.BudgetMicros)} ({used}). {ForecastSentence(status)}",
                facts, cancellationToken)) fired++;
        }

        if (budget.ForecastAlert && status.Forecast.ForecastMicros is { } forecast && forecast > status.BudgetMicros && status.ActualMicros < status.BudgetMicros
            && !existing.Any(a => a.Kind == AlertKind.ForecastOver && a.PeriodStart == status.Period.Start))
        {
            if (await TryFireAsync(budget, status, status.Period.Start, AlertKind.ForecastOver, "forecast", 0,
                $"{unit.Name}: forecast above the {label} budget",
                $"{unit.Name} is forecast to spend {Usd(forecast)} by {status.Period.End:yyyy-MM-dd}, above its budget of {Usd(status.BudgetMicros)}; {Usd(status.ActualMicros)} spent so far. {status.Forecast.Explanation}",
                facts, cancellationToken)) fired++;
        }

        foreach (var anomaly in AnomalyDetector.Detect(daily, today.AddDays(1 - AnomalyLookbackDays), today))
        {
            var key = anomaly.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var periodStart = Period.Containing(budget.PeriodKind, anomaly.Date, reporting.Value.FiscalYearStartMonth).Start;
            if (existing.Any(a => a.Kind == AlertKind.Anomaly && a.Key == key)) continue;
            if (await TryFireAsync(budget, status, periodStart, AlertKind.Anomaly, key, 0,
                $"{unit.Name}: unusual spend on {key}",
                $"{unit.Name} spent {Usd(anomaly.ActualMicros)} on {key}, {Usd(anomaly.AboveNormalMicros)} above a normal {Usd(anomaly.BaselineMicros)} for that day of the week.",
                new Dictionary<string, object?>(facts) { ["date"] = key, ["dayActual"] = Money.Reporting(anomaly.ActualMicros).ToMajor(), ["dayBaseline"] = Money.Reporting(anomaly.BaselineMicros).ToMajor() },
                cancellationToken)) fired++;
        }
        return fired;
    }

    /// <summary>Inserts the alert with its notifications in one transaction; false when it already exists.</summary>
    private async Task<bool> TryFireAsync(Budget budget, BudgetStatus status, DateOnly periodStart, AlertKind kind, string key, int level,
        string title, string body, IReadOnlyDictionary<string, object?> facts, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AlertEvents.Add(new AlertEvent
        {
            BudgetId = budget.Id, OrgUnitId = budget.OrgUnitId, PeriodStart = periodStart, Kind = kind, Key = key, Level = level,
            FiredUtc = time.GetUtcNow().UtcDateTime, ActualMicros = status.ActualMicros, BudgetMicros = status.BudgetMicros, Title = title, Message = body,
        });
        var recipients = await publisher.RecipientsForUnitAsync(db, budget.OrgUnitId, budget.NotifyFinance, cancellationToken);
        publisher.Stage(db, new NotificationMessage($"budget.{KindName(kind)}", title, body, $"budgets/{budget.Id}",
            new Dictionary<string, object?>(facts) { ["alert"] = KindName(kind), ["key"] = key }), recipients);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another evaluation inserted the same alert first (the unique key): it has been sent once already.
            return false;
        }
    }

    private static Dictionary<string, object?> Facts(Budget budget, BudgetStatus status, OrgUnit unit) => new()
    {
        ["budgetId"] = budget.Id,
        ["orgUnit"] = unit.Code,
        ["orgUnitName"] = unit.Name,
        ["period"] = status.Period.Label,
        ["currency"] = ReportingCurrency.Code,
        ["budget"] = Money.Reporting(status.BudgetMicros).ToMajor(),
        ["actual"] = Money.Reporting(status.ActualMicros).ToMajor(),
        ["forecast"] = status.Forecast.ForecastMicros is { } f ? Money.Reporting(f).ToMajor() : null,
        ["used"] = decimal.Round(status.Used, 4),
        ["state"] = status.State.ToString(),
        ["hardLimit"] = budget.HardLimit,
    };

    private static string ForecastSentence(BudgetStatus status) => status.Forecast.ForecastMicros is { } f
        ? $"Forecast for {status.Period.End:yyyy-MM-dd}: {Usd(f)}."
        : "No forecast yet (fewer than three days of the period).";

    private static string KindName(AlertKind kind) => kind switch
    {
        AlertKind.Threshold => "threshold",
        AlertKind.ForecastOver => "forecast-over",
        _ => "anomaly",
    };

    private static string Usd(long micros) => Money.Reporting(micros).Format();
}
