using System.Globalization;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Fx;

/// <summary>
/// Money in every currency: converts billed rows into the reporting currency at their usage day's rate, and keeps the
/// rates — from the ECB's feed, a CSV upload or Finance's entry. Every change of a rate is audited and re-converts the
/// rows of open months it touches; the rates of closed months stay as their books used them.
/// </summary>
public sealed class FxService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    DatabaseWriteGate writeGate,
    ChangeSignal changes,
    IOptions<FxOptions> options,
    IHttpClientFactory http,
    Prices.PricesService prices,
    TimeProvider time,
    ILogger<FxService> log)
{
    public const string FeedClientName = "fx-feed";
    public const int MaxCsvRows = 100_000;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public string ReportingCurrency => Domain.ReportingCurrency.Code;

    /// <summary>The rates that can convert rows of the days from <paramref name="from"/> to <paramref name="to"/> (with the days they may borrow from).</summary>
    private static async Task<FxTable> TableAsync(DashboardDbContext db, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var since = from.AddDays(-FxTable.MaxLookbackDays);
        var rates = await db.FxRates.AsNoTracking().Where(r => r.Day >= since && r.Day <= to).ToListAsync(cancellationToken);
        return new FxTable(rates);
    }

    /// <summary>Converts a sync's billed rows; returns the days and currencies that had no rate.</summary>
    public async Task<IReadOnlyList<FxGap>> ConvertAsync(IReadOnlyList<CostRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return [];
        var target = ReportingCurrency;
        if (rows.All(r => string.Equals(r.Currency, target, StringComparison.OrdinalIgnoreCase)))
        {
            return new FxTable([]).ConvertRows(rows, target);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var table = await TableAsync(db, rows.Min(r => r.UsageDay), rows.Max(r => r.UsageDay), cancellationToken);
        return table.ConvertRows(rows, target);
    }

    /// <summary>Finance enters one rate: 1 <paramref name="from"/> = <paramref name="rate"/> <paramref name="to"/> on <paramref name="day"/>.</summary>
    public Task<FxUpdate> EnterAsync(DateOnly day, string from, string to, decimal rate, string actor, CancellationToken cancellationToken) =>
        SaveAsync([Validate(day, from, to, rate, actor, "", Today)], actor, refuseClosed: true, cancellationToken);

    /// <summary>A CSV of <c>day,from,to,rate</c> rows (a header line is optional); a bad line refuses the whole file.</summary>
    public Task<FxUpdate> ImportCsvAsync(string text, string actor, CancellationToken cancellationToken) =>
        SaveAsync(ParseCsv(text, "upload by " + actor, Today), actor, refuseClosed: true, cancellationToken);

    /// <summary>Fetches the reference-rates feed (<c>Fx:FeedUrl</c>) and stores its rates against EUR.</summary>
    public async Task<FxUpdate> FetchFeedAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.FeedUrl;
        string xml;
        try
        {
            using var client = http.CreateClient(FeedClientName);
            using var response = await client.GetAsync(url, cancellationToken);
            xml = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"The rates feed at {url} answered {(int)response.StatusCode} {response.StatusCode}; the rates already stored are kept.");
        }
        catch (Exception ex) when (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The rates feed at {url} did not answer in time; the rates already stored are kept.", ex);
        }
        var rates = EcbRates.Parse(xml, url, time.GetUtcNow().UtcDateTime);
        // A feed may carry days of a closed month (the 90-day history): those stay as the books used them.
        var update = await SaveAsync(rates, "ECB", refuseClosed: false, cancellationToken);
        log.LogInformation("Rates feed {Url}: {Written} rates written, {Unchanged} unchanged, {Rows} rows re-converted", url, update.RatesWritten, update.RatesUnchanged, update.RowsConverted);
        return update;
    }

    /// <summary>The rates stored, newest first, optionally of one currency.</summary>
    public async Task<IReadOnlyList<FxRate>> ListAsync(string? currency, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var q = db.FxRates.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(currency)) { var c = currency.Trim().ToUpperInvariant(); q = q.Where(r => r.From == c || r.To == c); }
        if (from is { } f) q = q.Where(r => r.Day >= f);
        if (to is { } t) q = q.Where(r => r.Day <= t);
        return await q.OrderByDescending(r => r.Day).ThenBy(r => r.From).ThenBy(r => r.To).Take(5_000).ToListAsync(cancellationToken);
    }

    /// <summary>What waits for a rate in the range: the totals of these days leave those rows out and say so.</summary>
    public async Task<IReadOnlyList<FxGap>> GapsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await GapsAsync(db, from, to, cancellationToken);
    }

    /// <summary>As <see cref="GapsAsync(DateOnly, DateOnly, CancellationToken)"/>, on the caller's context (the books' close reads it).</summary>
    public static async Task<IReadOnlyList<FxGap>> GapsAsync(DashboardDbContext db, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rows = await db.CostRecords.AsNoTracking()
            .Where(r => r.Unconverted && r.UsageDate >= from && r.UsageDate <= to)
            .GroupBy(r => new { r.OriginalCurrency, r.Currency, r.UsageDate })
            .Select(g => new { g.Key.OriginalCurrency, g.Key.Currency, g.Key.UsageDate, Rows = g.Count(), Micros = g.Sum(r => r.OriginalMicros) })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(g => g.UsageDate).ThenBy(g => g.OriginalCurrency)
            .Select(g => new FxGap(g.OriginalCurrency, g.Currency, g.UsageDate, g.Rows, g.Micros)).ToList();
    }

    private async Task<FxUpdate> SaveAsync(IReadOnlyList<FxRate> incoming, string actor, bool refuseClosed, CancellationToken cancellationToken)
    {
        if (incoming.Count == 0) return new FxUpdate(0, 0, 0, []);
        var duplicate = incoming.GroupBy(r => (r.Day, r.From, r.To)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new FxValidationException($"The rate {duplicate.Key.From}→{duplicate.Key.To} for {duplicate.Key.Day:yyyy-MM-dd} is given twice. Nothing was saved.");

        var update = await WriteAsync(incoming, actor, refuseClosed, cancellationToken);
        // Gateway usage is costed at list prices in USD: in another reporting currency its estimates follow the new rates.
        if (update.RatesWritten > 0 && ReportingCurrency != Money.Usd) await prices.RecostAsync(incoming.Min(r => r.Day), cancellationToken);
        return update;
    }

    private async Task<FxUpdate> WriteAsync(IReadOnlyList<FxRate> incoming, string actor, bool refuseClosed, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        var from = incoming.Min(r => r.Day);
        var to = incoming.Max(r => r.Day);
        var existing = (await db.FxRates.Where(r => r.Day >= from && r.Day <= to).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.Day, r.From, r.To));
        var now = time.GetUtcNow().UtcDateTime;
        var written = new List<FxRate>();
        var skipped = new List<string>();
        var unchanged = 0;
        foreach (var rate in incoming)
        {
            existing.TryGetValue((rate.Day, rate.From, rate.To), out var row);
            if (row is not null && row.ScaledRate == rate.ScaledRate) { unchanged++; continue; }
            if (closed.IsClosed(rate.Day))
            {
                var why = $"{rate.From}→{rate.To} for {rate.Day:yyyy-MM-dd}: {rate.Day:MMMM yyyy} is closed, and its rates stay as its books used them";
                if (refuseClosed) throw new FxValidationException($"The rate {why}. Reopen the month first. Nothing was saved.");
                skipped.Add(why);
                continue;
            }
            var before = row?.AuditText();
            if (row is null)
            {
                row = new FxRate { Day = rate.Day, From = rate.From, To = rate.To };
                db.FxRates.Add(row);
            }
            (row.ScaledRate, row.Source, row.UpdatedUtc) = (rate.ScaledRate, rate.Source, now);
            written.Add(row);
            db.AuditEvents.Add(new AuditEvent
            {
                OccurredUtc = now, Actor = actor, Action = before is null ? "fx.rate.added" : "fx.rate.changed",
                EntityType = nameof(FxRate), EntityId = $"{rate.From}/{rate.To}/{rate.Day:yyyy-MM-dd}", Before = before, After = row.AuditText(),
            });
        }
        if (written.Count == 0) return new FxUpdate(0, unchanged, 0, skipped);

        var converted = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            converted = await ReconvertAsync(db, closed, written.Min(r => r.Day), written.Max(r => r.Day).AddDays(FxTable.MaxLookbackDays), cancellationToken);
            await tx.CommitAsync(cancellationToken);
        });
        if (converted > 0) changes.Publish(new DataChange(ChangeKind.Spend, null, converted));
        return new FxUpdate(written.Count, unchanged, converted, skipped);
    }

    /// <summary>
    /// Converts again the rows of open months between the days whose rates changed (and the days that borrow them),
    /// then rebuilds those days' rollups. Adjustment rows are differences already converted, and stay.
    /// </summary>
    private async Task<int> ReconvertAsync(DashboardDbContext db, ClosedMonths closed, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var target = ReportingCurrency;
        var rows = await db.CostRecords
            .Where(r => r.RestatedDate == null && r.UsageDate >= from && r.UsageDate <= to && (r.OriginalCurrency != target || r.Unconverted))
            .ToListAsync(cancellationToken);
        rows = rows.Where(r => !closed.IsClosed(r.UsageDate)).ToList();
        if (rows.Count == 0) return 0;
        var table = await TableAsync(db, from, to, cancellationToken);
        var before = rows.ToDictionary(r => r.Id, r => (r.CostMicros, r.Unconverted));
        foreach (var connection in rows.GroupBy(r => r.ConnectionId)) table.Reconvert(connection, target);
        // A row converted before (by an earlier rate, or by the FOCUS file it came from) that these rates cannot convert keeps its figure.
        foreach (var r in rows.Where(r => r.Unconverted && !before[r.Id].Unconverted)) (r.CostMicros, r.Unconverted) = before[r.Id];
        var changed = rows.Where(r => before[r.Id] != (r.CostMicros, r.Unconverted)).ToList();
        await db.SaveChangesAsync(cancellationToken);
        foreach (var connection in changed.GroupBy(r => r.ConnectionId))
        {
            await RollupBuilder.RebuildAsync(db, connection.Key, new DateWindow(connection.Min(r => r.UsageDate), connection.Max(r => r.UsageDate)), cancellationToken);
        }
        return changed.Count;
    }

    private static FxRate Validate(DateOnly day, string from, string to, decimal rate, string source, string where, DateOnly today)
    {
        from = (from ?? "").Trim().ToUpperInvariant();
        to = (to ?? "").Trim().ToUpperInvariant();
        if (!IsCurrencyCode(from)) throw new FxValidationException($"{where}'{from}' is not a three-letter currency code (for example EUR).");
        if (!IsCurrencyCode(to)) throw new FxValidationException($"{where}'{to}' is not a three-letter currency code (for example USD).");
        if (from == to) throw new FxValidationException($"{where}a rate from {from} to itself is always 1.");
        if (day < DateLimits.Earliest || day > today)
            throw new FxValidationException($"{where}{day:yyyy-MM-dd} is not a day a rate can be known for (from {DateLimits.Earliest:yyyy-MM-dd} to today, {today:yyyy-MM-dd} UTC).");
        long scaled;
        try
        {
            scaled = FxRate.ToScaled(rate);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new FxValidationException($"{where}{rate.ToString(CultureInfo.InvariantCulture)} is not a rate we can take: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
        return new FxRate { Day = day, From = from, To = to, ScaledRate = scaled, Source = source };
    }

    private static bool IsCurrencyCode(string code) => code.Length == 3 && code.All(char.IsAsciiLetterUpper);

    /// <summary>Reads <c>day,from,to,rate</c>; an error names the line and the column, and nothing is saved.</summary>
    public static IReadOnlyList<FxRate> ParseCsv(string text, string source, DateOnly today)
    {
        var rates = new List<FxRate>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (rates.Count == 0 && i == Array.FindIndex(lines, l => l.Trim().Length > 0) && cells[0].Equals("day", StringComparison.OrdinalIgnoreCase)) continue;
            var where = $"Line {i + 1}: ";
            if (cells.Length != 4) throw new FxValidationException($"{where}expected 4 columns (day,from,to,rate), found {cells.Length}. Nothing was saved.");
            if (!DateOnly.TryParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new FxValidationException($"{where}column 1 (day) '{cells[0]}' is not a date in the form YYYY-MM-DD. Nothing was saved.");
            if (!decimal.TryParse(cells[3], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate))
                throw new FxValidationException($"{where}column 4 (rate) '{cells[3]}' is not a number like 1.0543. Nothing was saved.");
            try
            {
                rates.Add(Validate(day, cells[1], cells[2], rate, source, where, today));
            }
            catch (FxValidationException ex)
            {
                throw new FxValidationException(ex.Message + " Nothing was saved.");
            }
            if (rates.Count > MaxCsvRows) throw new FxValidationException($"The file has more than {MaxCsvRows:N0} rates; split it. Nothing was saved.");
        }
        if (rates.Count == 0) throw new FxValidationException("The file holds no rates (expected lines of day,from,to,rate). Nothing was saved.");
        return rates;
    }
}
