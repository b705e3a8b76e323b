using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Notifications;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Reports;

/// <summary>Where a workbook generation stands, for the Reports page.</summary>
public sealed record ReportProgress(Period Month, string Stage, int Percent, bool Done, string? Error, int? ArchiveId);

/// <summary>
/// Builds the whole-organization workbook of a month in the background, one at a time, archives it with a
/// SHA-256 checksum as a new version (earlier versions stay), says what changed since the previous version, and
/// e-mails it to the finance distribution list when asked and configured.
/// </summary>
public sealed class MonthlyReportService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    MonthlyReportQueries queries,
    EmailSender email,
    IOptionsMonitor<ReportsOptions> options,
    IOptionsMonitor<NotificationsOptions> notifications,
    TimeProvider time,
    ILogger<MonthlyReportService> log)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public ReportProgress? Current { get; private set; }

    public event Action<ReportProgress>? Changed;

    public bool IsRunning => _one.CurrentCount == 0;

    /// <summary>Starts a generation in the background; false when one is already running.</summary>
    public bool TryStart(Period month, string actor, bool sendEmail)
    {
        if (!_one.Wait(0)) return false;
        _ = Task.Run(async () =>
        {
            try { await RunAsync(month, actor, sendEmail, CancellationToken.None); }
            catch (Exception ex) { log.LogError(ex, "Generating the {Month} workbook failed", month.Label); }
            finally { _one.Release(); }
        });
        return true;
    }

    /// <summary>
    /// The months whose scheduled archive is missing (the app was down at the scheduled time, and in-memory job
    /// storage forgets missed runs): every month with spend whose archive time under <c>Reports:Schedule</c> has
    /// passed in the last 13 months but which has no archived version. Each is generated and e-mailed as the
    /// schedule would have done; returns the months archived.
    /// </summary>
    public async Task<IReadOnlyList<Period>> CatchUpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var schedule = ConfigurationValidator.ParseCron(options.CurrentValue.Schedule);
        List<Period> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var firstDay = await db.Rollups.Where(r => r.Grain == RollupGrain.Day).MinAsync(r => (DateOnly?)r.Date, cancellationToken);
            if (firstDay is null) return [];
            var archived = (await db.ReportArchives.Select(a => a.Month).Distinct().ToListAsync(cancellationToken)).ToHashSet();
            due = schedule.GetOccurrences(now.AddMonths(-13), now, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true)
                .Select(at => Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(at)).Previous())
                .Distinct()
                .Where(month => month.End >= firstDay.Value && !archived.Contains(month.Start))
                .ToList();
        }
        foreach (var month in due)
        {
            log.LogWarning("The {Month} workbook missed its scheduled archive; archiving it now", month.Label);
            await GenerateAsync(month, "schedule (catch-up)", sendEmail: true, cancellationToken);
        }
        return due;
    }

    /// <summary>Generates and archives now (the scheduled job and tests), waiting for any running generation first.</summary>
    public async Task<ReportArchive> GenerateAsync(Period month, string actor, bool sendEmail, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try { return await RunAsync(month, actor, sendEmail, cancellationToken); }
        finally { _one.Release(); }
    }

    private async Task<ReportArchive> RunAsync(Period month, string actor, bool sendEmail, CancellationToken cancellationToken)
    {
        try
        {
            Report(month, "Reading the month's spend", 10);
            var report = await queries.LoadAsync(month, SpendScope.All, "All spend (every org unit and unallocated spend)", cancellationToken);
            Report(month, "Writing the sheets", 50);
            byte[] content;
            using (var buffer = new MemoryStream())
            {
                await Task.Run(() => MonthlyWorkbookWriter.Write(report, buffer), cancellationToken);
                content = buffer.ToArray();
            }
            Report(month, "Archiving", 80);
            var figures = Figures(report);
            ReportArchive archive;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var previous = await db.ReportArchives.AsNoTracking().Where(a => a.Month == month.Start).OrderByDescending(a => a.Version)
                    .Select(a => new { a.Version, a.FiguresJson, a.Sha256 }).FirstOrDefaultAsync(cancellationToken);
                archive = new ReportArchive
                {
                    Month = month.Start, Version = (previous?.Version ?? 0) + 1, CreatedUtc = time.GetUtcNow().UtcDateTime, CreatedBy = actor,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), SizeBytes = content.Length, Content = content, TotalMicros = report.TotalMicros,
                    FiguresJson = JsonSerializer.Serialize(figures),
                    Final = report.Books.Final,
                    Changes = previous is null ? "First version." : Compare(JsonSerializer.Deserialize<Dictionary<string, long>>(previous.FiguresJson) ?? [], figures),
                };
                db.ReportArchives.Add(archive);
                db.AuditEvents.Add(AuditEvent.Of(archive.CreatedUtc, actor, "report.archived", nameof(ReportArchive), 0, null,
                    JsonSerializer.Serialize(new { month = month.Label, archive.Version, archive.Sha256, total = Money.Reporting(report.TotalMicros).ToMajor() })));
                await db.SaveChangesAsync(cancellationToken);
            }
            if (sendEmail) await EmailAsync(archive, month, cancellationToken);
            Current = new ReportProgress(month, $"Archived as version {archive.Version}", 100, true, null, archive.Id);
            Changed?.Invoke(Current);
            return archive;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Current = new ReportProgress(month, "Failed", 100, true, ex.Message, null);
            Changed?.Invoke(Current);
            throw;
        }
    }

    private async Task EmailAsync(ReportArchive archive, Period month, CancellationToken cancellationToken)
    {
        var to = options.CurrentValue.FinanceDistributionList.Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
        if (to.Count == 0 || !notifications.CurrentValue.Smtp.Enabled) return;
        Report(month, "E-mailing the finance distribution list", 90);
        await email.SendAttachmentAsync(to, $"AI spend workbook {month.Label} (version {archive.Version})",
            $"The month-end AI spend workbook for {month.Label}: total {Money.Reporting(archive.TotalMicros).Format()}. {archive.Changes} SHA-256 {archive.Sha256}.",
            $"ai-spend-{month.Label}-v{archive.Version}.xlsx", archive.Content, ReportsEndpoints.XlsxContentType, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await db.ReportArchives.Where(a => a.Id == archive.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.EmailedUtc, now), cancellationToken);
        archive.EmailedUtc = now;
    }

    private void Report(Period month, string stage, int percent)
    {
        Current = new ReportProgress(month, stage, percent, false, null, null);
        Changed?.Invoke(Current);
    }

    private const string FormatKey = "Format";
    private const string DecisionsKey = "Approval decisions";

    /// <summary>
    /// The figures a later version is compared against, in micros: total, unallocated, adjustments booked, approvals,
    /// and every unit's spend, budget and adjustments — keyed by unit code, so a renamed unit is not a change.
    /// </summary>
    public static Dictionary<string, long> Figures(MonthlyReport report)
    {
        var figures = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [FormatKey] = 2,
            ["Total"] = report.TotalMicros,
            ["Unallocated"] = report.UnallocatedMicros,
            ["Prior-period adjustments"] = report.Books.AdjustmentsBooked.Sum(a => a.CostMicros),
            ["Approved increases"] = report.Approvals.Sum(a => a.ApprovedMicros ?? 0),
            [DecisionsKey] = report.Approvals.Count,
        };
        foreach (var u in report.Units)
        {
            figures[$"Spend {u.Unit.Code}"] = u.TotalMicros;
            if (u.BudgetMicros is { } budget) figures[$"Budget {u.Unit.Code}"] = budget;
        }
        foreach (var unit in report.Books.AdjustmentsBooked.GroupBy(a => a.OrgUnitCode ?? "unallocated"))
        {
            figures[$"Adjustments {unit.Key}"] = unit.Sum(a => a.CostMicros);
        }
        return figures;
    }

    /// <summary>"Total $1,000.00 → $1,012.50. 2 figure(s) changed since the previous version: Spend search +$12.50, …" or "No figure changed."</summary>
    public static string Compare(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        var note = "";
        if (!before.ContainsKey(FormatKey))
        {
            // A version archived before every figure was kept: compare what both recorded.
            before = before.Where(p => p.Key is "Total" or "Unallocated").ToDictionary();
            after = after.Where(p => p.Key is "Total" or "Unallocated").ToDictionary();
            note = " (the previous version recorded only the total and unallocated spend)";
        }
        var changed = after.Keys.Union(before.Keys)
            .Where(k => k != FormatKey)
            .Select(k => (Key: k, Delta: after.GetValueOrDefault(k) - before.GetValueOrDefault(k)))
            .Where(c => c.Delta != 0 && c.Key != "Total").OrderByDescending(c => Math.Abs(c.Delta)).ToList();
        var totalDelta = after.GetValueOrDefault("Total") - before.GetValueOrDefault("Total");
        if (changed.Count == 0 && totalDelta == 0) return "No figure changed since the previous version" + note + ".";
        string Signed(string key, long value) => key == DecisionsKey
            ? (value > 0 ? "+" : "") + value.ToString(CultureInfo.InvariantCulture)
            : Money.Reporting(value).FormatSigned();
        var head = $"Total {Money.Reporting(before.GetValueOrDefault("Total")).Format()} → {Money.Reporting(after.GetValueOrDefault("Total")).Format()}. ";
        var listed = changed.Take(8).Select(c => $"{c.Key} {Signed(c.Key, c.Delta)}");
        var more = changed.Count > 8 ? $" and {(changed.Count - 8).ToString(CultureInfo.InvariantCulture)} more" : "";
        return head + $"{changed.Count.ToString(CultureInfo.InvariantCulture)} figure(s) changed since the previous version{note}: " + string.Join(", ", listed) + more + ".";
    }
}
