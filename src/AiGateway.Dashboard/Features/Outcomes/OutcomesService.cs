using System.Globalization;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Outcomes;

/// <summary>
/// Records daily outcome counts (what the spend bought). All or nothing: one bad entry or CSV line refuses the
/// whole batch, with every problem named by its position. A count for a day already recorded replaces it.
/// Batches are bounded (items per batch, metrics per unit) and written in bulk, so one batch never holds the
/// write lock for long.
/// </summary>
public sealed class OutcomesService(IDbContextFactory<DashboardDbContext> dbFactory, DatabaseWriteGate writeGate, TimeProvider time)
{
    public const long MaxCount = 1_000_000_000_000;
    public const int MaxItemsPerBatch = 5_000;
    public const int MaxMetricsPerUnit = 50;
    public const int MaxErrors = 50;
    public const string CsvHeader = "date,orgUnit,metric,unit,count";

    public async Task<OutcomeResult> RecordAsync(IReadOnlyList<OutcomeEntry> entries, string actor, CancellationToken cancellationToken,
        Func<int, string>? position = null, Spend.SpendScope? scope = null)
    {
        scope ??= Spend.SpendScope.All;
        position ??= i => $"item {i}";
        if (entries.Count == 0) return new OutcomeResult(0, ["No outcome counts were sent."]);
        if (entries.Count > MaxItemsPerBatch)
            return new OutcomeResult(0, [$"{entries.Count:N0} outcome counts in one batch; send at most {MaxItemsPerBatch:N0} at a time."]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var errors = new List<string>();
        for (var i = 0; i < entries.Count && errors.Count < MaxErrors; i++)
        {
            var e = entries[i];
            if (string.IsNullOrWhiteSpace(e.OrgUnit)) errors.Add($"{position(i)}: orgUnit is required.");
            else if (!units.TryGetValue(e.OrgUnit.Trim(), out var u)) errors.Add($"{position(i)}: '{Shown(e.OrgUnit)}' is not a known org unit code.");
            else if (!scope.CanSee(u.Id)) errors.Add($"{position(i)}: '{Shown(e.OrgUnit)}' is not one of your org units.");
            if (TextInput.Problem(e.Metric, "the metric", 200) is { } metricProblem) errors.Add($"{position(i)}: {metricProblem}");
            if (TextInput.Problem(e.Unit, "the unit", 100) is { } unitProblem) errors.Add($"{position(i)}: {unitProblem}");
            if (e.Date is not { } date) errors.Add($"{position(i)}: date is required (YYYY-MM-DD).");
            else if (date > today) errors.Add($"{position(i)}: {date:yyyy-MM-dd} is in the future.");
            else if (DateLimits.Problem(date, today) is { } dateProblem) errors.Add($"{position(i)}: {dateProblem}");
            if (e.Count is not { } count) errors.Add($"{position(i)}: count is required.");
            else if (count < 0) errors.Add($"{position(i)}: the count {count} is negative.");
            else if (count > MaxCount) errors.Add($"{position(i)}: the count {count} is implausibly large (more than {MaxCount:N0}).");
        }
        var duplicate = entries.Select((e, i) => (e, i)).Where(x => x.e.Date is not null)
            .GroupBy(x => (x.e.OrgUnit?.Trim().ToLowerInvariant(), x.e.Metric?.Trim().ToLowerInvariant(), x.e.Date)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) errors.Add($"{position(duplicate.Skip(1).First().i)}: a second count for {duplicate.Key.Item2} on {duplicate.Key.Date:yyyy-MM-dd} in the same batch.");
        if (errors.Count > 0) return new OutcomeResult(0, errors);

        var valid = entries.Select(e => (Unit: units[e.OrgUnit!.Trim()], Metric: TextInput.Clean(e.Metric), MetricUnit: TextInput.Clean(e.Unit), Date: e.Date!.Value, Count: e.Count!.Value)).ToList();

        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var unitIds = valid.Select(e => e.Unit.Id).Distinct().ToList();
        var metrics = await db.OutcomeMetrics.Where(m => unitIds.Contains(m.OrgUnitId)).ToListAsync(cancellationToken);
        MetricKey KeyOf(int unitId, string name) => new(unitId, name.ToLowerInvariant());
        var byKey = metrics.ToDictionary(m => KeyOf(m.OrgUnitId, m.Name));
        foreach (var e in valid.Where(e => !byKey.ContainsKey(KeyOf(e.Unit.Id, e.Metric))))
        {
            var metric = new OutcomeMetric { OrgUnitId = e.Unit.Id, Name = e.Metric, Unit = e.MetricUnit };
            byKey[KeyOf(e.Unit.Id, e.Metric)] = metric;
            db.OutcomeMetrics.Add(metric);
        }
        var crowded = byKey.Values.GroupBy(m => m.OrgUnitId).FirstOrDefault(g => g.Count() > MaxMetricsPerUnit);
        if (crowded is not null)
        {
            var unit = valid.First(e => e.Unit.Id == crowded.Key).Unit;
            return new OutcomeResult(0, [$"'{unit.Code}' would have {crowded.Count()} outcome metrics; at most {MaxMetricsPerUnit} per org unit. Reuse an existing metric name."]);
        }
        await db.SaveChangesAsync(cancellationToken);

        // One read of the counts the batch touches, then inserts and updates in one save.
        var metricIds = valid.Select(e => byKey[KeyOf(e.Unit.Id, e.Metric)].Id).Distinct().ToList();
        var from = valid.Min(e => e.Date);
        var to = valid.Max(e => e.Date);
        var existing = await db.OutcomeCounts.Where(c => metricIds.Contains(c.MetricId) && c.Date >= from && c.Date <= to)
            .ToDictionaryAsync(c => (c.MetricId, c.Date), cancellationToken);
        foreach (var e in valid)
        {
            var metricId = byKey[KeyOf(e.Unit.Id, e.Metric)].Id;
            if (existing.TryGetValue((metricId, e.Date), out var row)) row.Count = e.Count;
            else db.OutcomeCounts.Add(new OutcomeCount { MetricId = metricId, Date = e.Date, Count = e.Count });
        }
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredUtc = time.GetUtcNow().UtcDateTime, Actor = actor, Action = "outcomes.recorded", EntityType = nameof(OutcomeCount),
            EntityId = Shown(string.Join(",", valid.Select(e => e.Unit.Code).Distinct(StringComparer.OrdinalIgnoreCase))),
            After = $"{entries.Count} daily counts",
        });
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new OutcomeResult(entries.Count, []);
    }

    private readonly record struct MetricKey(int UnitId, string Name);

    /// <summary>Echoes a sent value in an error without echoing a megabyte back.</summary>
    private static string Shown(string value) => value.Length <= 100 ? value : value[..99] + "…";

    /// <summary>
    /// An uploaded CSV file, which must be UTF-8 (a Latin-1 or UTF-16 file is refused rather than stored as mojibake).
    /// </summary>
    public async Task<OutcomeResult> ImportCsvFileAsync(Stream file, string actor, CancellationToken cancellationToken, Spend.SpendScope? scope = null)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            return new OutcomeResult(0, [$"The file is not UTF-8 text (byte {ex.Index} is not valid UTF-8); save it as \"CSV UTF-8\" and upload it again."]);
        }
        return await ImportCsvAsync(new StringReader(text.TrimStart('\uFEFF')), actor, cancellationToken, scope);
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
            if (errors.Count >= MaxErrors) break;
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
            if (entries.Count > MaxItemsPerBatch) return new OutcomeResult(0, [$"More than {MaxItemsPerBatch:N0} lines; upload at most {MaxItemsPerBatch:N0} counts per file."]);
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
