using System.Globalization;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Outcomes;

/// <summary>
/// Records daily outcome counts (what the spend bought). All or nothing: one bad entry or CSV line refuses the
/// whole batch, with every problem named by its position. A count for a day already recorded replaces it.
/// </summary>
public sealed class OutcomesService(IDbContextFactory<DashboardDbContext> dbFactory, DatabaseWriteGate writeGate, TimeProvider time)
{
    public const long MaxCount = 1_000_000_000_000;
    public const string CsvHeader = "date,orgUnit,metric,unit,count";

    public async Task<OutcomeResult> RecordAsync(IReadOnlyList<OutcomeEntry> entries, string actor, CancellationToken cancellationToken,
        Func<int, string>? position = null, Spend.SpendScope? scope = null)
    {
        scope ??= Spend.SpendScope.All;
        position ??= i => $"item {i}";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var errors = new List<string>();
        if (entries.Count == 0) errors.Add("No outcome counts were sent.");
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (!units.TryGetValue(e.OrgUnit ?? "", out var u)) errors.Add($"{position(i)}: '{e.OrgUnit}' is not a known org unit code.");
            else if (!scope.CanSee(u.Id)) errors.Add($"{position(i)}: '{e.OrgUnit}' is not one of your org units.");
            if (string.IsNullOrWhiteSpace(e.Metric) || e.Metric.Length > 200) errors.Add($"{position(i)}: the metric needs a name of 1 to 200 characters.");
            if (e.Count < 0) errors.Add($"{position(i)}: the count {e.Count} is negative.");
            if (e.Count > MaxCount) errors.Add($"{position(i)}: the count {e.Count} is implausibly large (more than {MaxCount:N0}).");
            if (e.Date > today) errors.Add($"{position(i)}: {e.Date:yyyy-MM-dd} is in the future.");
        }
        var duplicate = entries.Select((e, i) => (e, i)).GroupBy(x => (x.e.OrgUnit?.ToLowerInvariant(), x.e.Metric?.Trim().ToLowerInvariant(), x.e.Date)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) errors.Add($"{position(duplicate.Skip(1).First().i)}: a second count for {duplicate.Key.Item2} on {duplicate.Key.Date:yyyy-MM-dd} in the same batch.");
        if (errors.Count > 0) return new OutcomeResult(0, errors);

        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var metrics = await db.OutcomeMetrics.ToListAsync(cancellationToken);
        foreach (var e in entries)
        {
            var unit = units[e.OrgUnit];
            var name = e.Metric.Trim();
            var metric = metrics.FirstOrDefault(m => m.OrgUnitId == unit.Id && string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
            if (metric is null)
            {
                metric = new OutcomeMetric { OrgUnitId = unit.Id, Name = name, Unit = string.IsNullOrWhiteSpace(e.Unit) ? name : e.Unit.Trim() };
                db.OutcomeMetrics.Add(metric);
                await db.SaveChangesAsync(cancellationToken);
                metrics.Add(metric);
            }
            var existing = await db.OutcomeCounts.SingleOrDefaultAsync(c => c.MetricId == metric.Id && c.Date == e.Date, cancellationToken);
            if (existing is null) db.OutcomeCounts.Add(new OutcomeCount { MetricId = metric.Id, Date = e.Date, Count = e.Count });
            else existing.Count = e.Count;
        }
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredUtc = time.GetUtcNow().UtcDateTime, Actor = actor, Action = "outcomes.recorded", EntityType = nameof(OutcomeCount),
            EntityId = string.Join(",", entries.Select(e => e.OrgUnit).Distinct(StringComparer.OrdinalIgnoreCase)),
            After = $"{entries.Count} daily counts",
        });
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new OutcomeResult(entries.Count, []);
    }

    /// <summary>CSV with the header <c>date,orgUnit,metric,unit,count</c>; errors name the line.</summary>
    public async Task<OutcomeResult> ImportCsvAsync(TextReader reader, string actor, CancellationToken cancellationToken, Spend.SpendScope? scope = null)
    {
        var header = await reader.ReadLineAsync(cancellationToken);
        if (header is null || !string.Equals(header.Trim().Replace(" ", "", StringComparison.Ordinal), CsvHeader, StringComparison.OrdinalIgnoreCase))
        {
            return new OutcomeResult(0, [$"line 1: the header must be '{CsvHeader}'."]);
        }
        var entries = new List<OutcomeEntry>();
        var lines = new List<int>();
        var errors = new List<string>();
        var number = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var f = line.Split(',');
            if (f.Length != 5) { errors.Add($"line {number}: expected 5 fields, found {f.Length}."); continue; }
            if (!DateOnly.TryParseExact(f[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add($"line {number}: '{f[0].Trim()}' is not a date (YYYY-MM-DD)."); continue;
            }
            if (!long.TryParse(f[4].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            {
                errors.Add($"line {number}: '{f[4].Trim()}' is not a whole number."); continue;
            }
            entries.Add(new OutcomeEntry(f[1].Trim(), f[2].Trim(), f[3].Trim(), date, count));
            lines.Add(number);
        }
        if (errors.Count > 0) return new OutcomeResult(0, errors);
        return await RecordAsync(entries, actor, cancellationToken, i => $"line {lines[i]}", scope);
    }
}

public sealed record OutcomeResult(int Recorded, IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;
}
