using System.Globalization;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Explore;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace AiGateway.Dashboard.Features.Exports;

/// <summary>One billed cost row with the names people know, in FOCUS terms.</summary>
public sealed record CostExportRow(
    DateOnly Day,
    ProviderKind Provider,
    int ConnectionId,
    string Connection,
    string? AccountId,
    string? ProjectId,
    string ProjectName,
    string? ApiKeyId,
    string ApiKeyName,
    string Model,
    string? LineItem,
    long CostMicros,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    long Requests,
    string? OrgUnitCode,
    string? OrgUnitName,
    string? FinanceCode,
    string? CostCentre = null,
    DateOnly? RestatedDate = null,
    string? OrganizationId = null)
{
    public long CacheWriteTokens { get; init; }
    /// <summary>The amount as billed, in <see cref="OriginalCurrency"/> (equal to the cost when billed in the reporting currency).</summary>
    public long OriginalMicros { get; init; }
    public string OriginalCurrency { get; init; } = ReportingCurrency.Code;
    /// <summary>No rate converted it yet: the cost is 0 and the original is all there is.</summary>
    public bool Unconverted { get; init; }
}

/// <summary>
/// Every billed cost row of a date range, read as a stream (one row in memory at a time) and written as FOCUS 1.2
/// CSV, detail CSV or detail xlsx (MiniExcel, streamed to a temporary file). Rows outside the caller's scope never
/// leave the database. CSV values that a spreadsheet would run as a formula are prefixed with an apostrophe.
/// </summary>
public sealed class CostExport(IDbContextFactory<DashboardDbContext> dbFactory)
{
    /// <summary>Excel's sheet holds 1,048,576 rows, one of them the header.</summary>
    public const int XlsxRowLimit = 1_048_575;
    public const int MaxDays = 400;

    public static readonly string[] DetailColumns =
    [
        "ChargePeriodStart", "ProviderName", "ServiceName", "BillingAccountName", "BillingAccountId", "SubAccountId", "SubAccountName", "ApiKeyId", "ApiKeyName",
        "Model", "ChargeDescription", "BilledCost", "BillingCurrency", "InputTokens", "CachedInputTokens", "OutputTokens", "Requests", "OrgUnit", "OrgUnitName", "FinanceCode",
        "OriginalCost", "OriginalCurrency", "ConversionPending",
    ];

    public async Task<long> CountAsync(DateWindow window, SpendScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Filter(db, window, scope).LongCountAsync(cancellationToken);
    }

    public static async Task WriteDetailCsvAsync(IEnumerable<CostExportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(Csv.Line(DetailColumns));
        foreach (var r in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(Csv.Line(DetailValues(r).Select(v => v switch
            {
                decimal d => Csv.Number(d),
                long n => Int(n),
                _ => Csv.Field((string)v),
            }).ToArray()));
        }
    }

    /// <summary>
    /// The detail rows as one xlsx sheet, streamed by MiniExcel into <paramref name="path"/>. Every text value is
    /// written as a string cell; amounts and counts as numbers.
    /// </summary>
    public static async Task WriteDetailXlsxAsync(IEnumerable<CostExportRow> rows, string path, CancellationToken cancellationToken)
    {
        var sheet = rows.Select(r =>
        {
            var values = DetailValues(r);
            var line = new Dictionary<string, object?>(DetailColumns.Length);
            for (var i = 0; i < DetailColumns.Length; i++) line[DetailColumns[i]] = values[i];
            return line;
        });
        await MiniExcel.SaveAsAsync(path, sheet, sheetName: "Cost rows", overwriteFile: true, cancellationToken: cancellationToken);
    }

    /// <summary>One row's values in <see cref="DetailColumns"/> order: strings (never null), the cost as a decimal, counts as longs.</summary>
    public static object[] DetailValues(CostExportRow r) =>
    [
        r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ProviderName(r.Provider), ServiceName(r.Provider),
        r.Connection, r.AccountId ?? $"connection-{r.ConnectionId}", r.ProjectId ?? "", r.ProjectName,
        r.ApiKeyId ?? "", r.ApiKeyName, r.Model, r.LineItem ?? "", Money.Reporting(r.CostMicros).ToMajor(), ReportingCurrency.Code,
        r.InputTokens, r.CachedInputTokens, r.OutputTokens, r.Requests, r.OrgUnitCode ?? "", r.OrgUnitName ?? "", r.FinanceCode ?? "",
        new Money(r.OriginalMicros, r.OriginalCurrency).ToMajor(), r.OriginalCurrency, r.Unconverted ? "yes" : "",
    ];

    /// <summary>The rows in day order, streamed from the database one at a time (writers pull them; MiniExcel needs a plain enumerable).</summary>
    public IEnumerable<CostExportRow> Rows(DateWindow window, SpendScope scope)
    {
        using var db = dbFactory.CreateDbContext();
        var connections = db.Connections.AsNoTracking().ToDictionary(c => c.Id, c => (c.Name, c.OrganizationId));
        var names = db.ProviderEntities.AsNoTracking().ToList().GroupBy(e => (e.ConnectionId, e.ExternalId)).ToDictionary(g => g.Key, g => g.First().Name);
        var units = db.OrgUnits.AsNoTracking().ToDictionary(u => u.Id);
        var tree = new OrgTree(units.Values);
        var financeCodes = units.Keys.ToDictionary(id => id, tree.FinanceCodeOf);
        var query = Filter(db, window, scope).OrderBy(r => r.UsageDate).ThenBy(r => r.Id)
            .Select(r => new { r.UsageDate, r.Provider, r.ConnectionId, r.AccountId, r.ProjectId, r.ApiKeyId, r.Model, r.LineItem, r.CostMicros, r.InputTokens, r.CachedInputTokens, r.CacheWriteTokens, r.OutputTokens, r.Requests, r.OrgUnitId, r.RestatedDate, r.OriginalMicros, r.OriginalCurrency, r.Unconverted });
        foreach (var r in query.AsEnumerable())
        {
            var unit = r.OrgUnitId is { } id ? units.GetValueOrDefault(id) : null;
            var connection = connections.GetValueOrDefault(r.ConnectionId, ($"#{r.ConnectionId}", null));
            yield return new CostExportRow(r.UsageDate, r.Provider, r.ConnectionId, connection.Name, r.AccountId,
                r.ProjectId, r.ProjectId is { } p ? names.GetValueOrDefault((r.ConnectionId, p), "") : "",
                r.ApiKeyId, r.ApiKeyId is { } k ? names.GetValueOrDefault((r.ConnectionId, k), "") : "",
                r.Model, r.LineItem, r.CostMicros, r.InputTokens, r.CachedInputTokens, r.OutputTokens, r.Requests, unit?.Code, unit?.Name, unit is null ? null : financeCodes[unit.Id],
                unit is null ? null : tree.CostCentreOf(unit.Id)?.Name, r.RestatedDate, connection.OrganizationId)
            {
                CacheWriteTokens = r.CacheWriteTokens,
                OriginalMicros = r.OriginalMicros,
                OriginalCurrency = r.OriginalCurrency,
                Unconverted = r.Unconverted,
            };
        }
    }

    /// <summary>
    /// The tokens the usage reports give per connection, day, project and model (all keys summed): what a billed line
    /// of one token kind consumed, for FOCUS's quantities. Scoped like the rows.
    /// </summary>
    public async Task<IReadOnlyDictionary<UsageKey, UsageTokens>> UsageAsync(DateWindow window, SpendScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var q = db.CostRecords.AsNoTracking().Where(r => r.Kind == CostKind.UsageEstimated && r.RestatedDate == null && r.UsageDate >= window.From && r.UsageDate <= window.To);
        if (!scope.IsAll)
        {
            var ids = scope.OrgUnitIds!.ToList();
            q = q.Where(r => r.OrgUnitId != null && ids.Contains(r.OrgUnitId.Value));
        }
        var rows = await q.GroupBy(r => new { r.ConnectionId, r.UsageDate, r.ProjectId, r.Model })
            .Select(g => new { g.Key.ConnectionId, g.Key.UsageDate, g.Key.ProjectId, g.Key.Model,
                Input = g.Sum(r => r.InputTokens), Cached = g.Sum(r => r.CachedInputTokens), Write = g.Sum(r => r.CacheWriteTokens), Output = g.Sum(r => r.OutputTokens) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => new UsageKey(r.ConnectionId, r.UsageDate, r.ProjectId, r.Model), r => new UsageTokens(r.Input, r.Cached, r.Write, r.Output));
    }

    private static IQueryable<CostRecord> Filter(DashboardDbContext db, DateWindow window, SpendScope scope)
    {
        var q = db.CostRecords.AsNoTracking().Where(r => r.Kind == CostKind.Billed && r.UsageDate >= window.From && r.UsageDate <= window.To);
        if (!scope.IsAll)
        {
            var ids = scope.OrgUnitIds!.ToList();
            q = q.Where(r => r.OrgUnitId != null && ids.Contains(r.OrgUnitId.Value));
        }
        return q;
    }

    /// <summary>The company that provides the service (FOCUS ProviderName): "Microsoft" for Azure OpenAI, not our enum's name.</summary>
    public static string ProviderName(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => "OpenAI",
        ProviderKind.Anthropic => "Anthropic",
        ProviderKind.AzureOpenAI => "Microsoft",
        _ => kind.ToString(),
    };

    public static string ServiceName(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => "OpenAI API",
        ProviderKind.Anthropic => "Claude API",
        ProviderKind.AzureOpenAI => "Azure OpenAI Service",
        _ => kind + " API",
    };

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

}
