using System.Diagnostics;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Exports;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Features.Sync;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Dashboard.Bench;

/// <summary>
/// The month-end workbook for the synthetic large organization (time and peak memory), and the detail export of
/// N cost rows with MiniExcel (streamed) against the same rows written with ClosedXML alone, in the same run.
/// </summary>
internal static class ReportsBench
{
    public static async Task<bool> RunAsync(string? analyticsPath, int rows, int baselineRows)
    {
        Console.WriteLine($"AiGateway.Dashboard reports benchmark · {Environment.ProcessorCount} cores · .NET {Environment.Version}");
        var pass = true;

        // 1. The workbook of last month for the large organization.
        var keep = analyticsPath is not null;
        var path = analyticsPath ?? Path.Combine(Path.GetTempPath(), $"aigw-analytics-{Guid.NewGuid():N}.db");
        try
        {
            var factory = await AnalyticsBench.EnsureAsync(path);
            int units;
            await using (var db = factory.CreateDbContext()) units = await db.OrgUnits.CountAsync();
            var spend = new SpendQueries(factory, TimeProvider.System);
            var queries = new MonthlyReportQueries(factory, spend, new AnomalyQueries(factory, TimeProvider.System),
                new AiGateway.Dashboard.Features.Connections.ConnectionsQueries(factory), new AiGateway.Dashboard.Features.Books.BooksQueries(factory, spend, TimeProvider.System),
                new ChargebackQueries(factory, spend, Microsoft.Extensions.Options.Options.Create(new AiGateway.Dashboard.Configuration.BooksOptions())),
                new AiGateway.Dashboard.Features.Reconciliation.ReconciliationQueries(factory, Microsoft.Extensions.Options.Options.Create(new AiGateway.Dashboard.Configuration.ReconciliationOptions())),
                new AiGateway.Dashboard.Features.Books.AccrualService(factory, spend, TimeProvider.System),
                Microsoft.Extensions.Options.Options.Create(new AiGateway.Dashboard.Configuration.ReportingOptions()), TimeProvider.System);
            var month = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(DateTime.UtcNow)).Previous();
            await BuildAsync(queries, month); // warm-up (JIT, SQLite page cache)
            var (seconds, heap, workingSet, size) = await MeasureAsync(() => BuildAsync(queries, month));
            Console.WriteLine();
            Console.WriteLine($"monthly workbook {month.Label}, {units:N0} org units: {seconds:N2} s, peak managed heap {heap:N0} MB, peak working set {workingSet:N0} MB, {size / 1024:N0} KB");
            var ok = seconds < 5 && workingSet < 300;
            Console.WriteLine($"target (< 5 s and < 300 MB): {(ok ? "met" : "NOT met")}");
            pass &= ok;
        }
        finally
        {
            if (!keep) AnalyticsBench.Delete(path);
        }

        // 2. The detail export.
        var exportDb = Path.Combine(Path.GetTempPath(), $"aigw-export-{Guid.NewGuid():N}.db");
        try
        {
            var factory = await SeedAsync(exportDb, rows);
            var export = new CostExport(factory);
            var window = new DateWindow(Start, Start.AddDays(30));
            var xlsx = Path.Combine(Path.GetTempPath(), $"aigw-export-{Guid.NewGuid():N}.xlsx");
            Console.WriteLine();
            Console.WriteLine($"{"detail export",-44} {"rows",10} {"seconds",8} {"rows/s",10} {"heap MB",8} {"WS MB",7}");
            var mini = await MeasureAsync(async () => { await CostExport.WriteDetailXlsxAsync(export.Rows(window, SpendScope.All), xlsx, CancellationToken.None); return new FileInfo(xlsx).Length; });
            Print("MiniExcel xlsx, streamed (ours)", rows, mini);
            var csv = await MeasureAsync(async () =>
            {
                await using var file = File.Create(xlsx + ".csv");
                await CostExport.WriteDetailCsvAsync(export.Rows(window, SpendScope.All), file, CancellationToken.None);
                return file.Length;
            });
            Print("CSV, streamed (ours)", rows, csv);
            var closed = await MeasureAsync(() => Task.FromResult(ClosedXmlBaseline(export.Rows(window, SpendScope.All).Take(baselineRows), xlsx + ".closedxml.xlsx")));
            Print("ClosedXML alone (baseline)", baselineRows, closed);
            foreach (var f in new[] { xlsx, xlsx + ".csv", xlsx + ".closedxml.xlsx" }) File.Delete(f);
            var ratio = rows / mini.Seconds / (baselineRows / closed.Seconds);
            Console.WriteLine($"MiniExcel vs ClosedXML: {ratio:N1}× the rows per second, {closed.WorkingSetMb / Math.Max(1, mini.WorkingSetMb):N1}× less peak working set (baseline stopped at {baselineRows:N0} rows)");
            var ok = mini.Seconds < 15 && mini.WorkingSetMb < 200;
            Console.WriteLine($"target ({rows:N0} rows < 15 s and < 200 MB): {(ok ? "met" : "NOT met")}");
            pass &= ok;
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(exportDb + suffix);
        }
        return pass;
    }

    private static readonly DateOnly Start = new(2026, 10, 1);

    private static async Task<long> BuildAsync(MonthlyReportQueries queries, Period month)
    {
        var report = await queries.LoadAsync(month, SpendScope.All, "All spend", CancellationToken.None);
        using var buffer = new MemoryStream();
        MonthlyWorkbookWriter.Write(report, buffer);
        return buffer.Length;
    }

    private static long ClosedXmlBaseline(IEnumerable<CostExportRow> rows, string path)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("Cost rows");
        for (var c = 0; c < CostExport.DetailColumns.Length; c++) ws.Cell(1, c + 1).SetValue(CostExport.DetailColumns[c]);
        var r = 2;
        foreach (var x in rows)
        {
            var values = CostExport.DetailValues(x);
            for (var c = 0; c < values.Length; c++)
            {
                var cell = ws.Cell(r, c + 1);
                switch (values[c])
                {
                    case decimal d: cell.SetValue(d); break;
                    case long n: cell.SetValue(n); break;
                    default: cell.SetValue((string)values[c]); break;
                }
            }
            r++;
        }
        wb.SaveAs(path);
        return new FileInfo(path).Length;
    }

    private static async Task<IDbContextFactory<DashboardDbContext>> SeedAsync(string path, int rows)
    {
        var factory = new PathFactory(path);
        await using var context = factory.CreateDbContext();
        await context.Database.MigrateAsync();
        var connection = new ProviderConnection { Kind = ProviderKind.Simulated, Name = "bulk", CreatedUtc = DateTime.UtcNow };
        context.Connections.Add(connection);
        await context.SaveChangesAsync();
        await using var tx = await context.Database.BeginTransactionAsync();
        await CostRecordWriter.InsertAsync(context.Database.GetDbConnection(), tx.GetDbTransaction(), Enumerable.Range(0, rows).Select(i => new CostRecord
        {
            ConnectionId = connection.Id, Provider = ProviderKind.Simulated, UsageDate = Start.AddDays(i % 31), NaturalKey = $"k{i}",
            ProjectId = $"proj_{i % 2000}", ApiKeyId = $"key_{i % 500}", Model = $"model-{i % 60}", LineItem = "input", Kind = CostKind.Billed,
            InputTokens = 1000 + i % 97, OutputTokens = 50, Requests = 1, CostMicros = 1_234 + i % 1000,
        }), CancellationToken.None);
        await tx.CommitAsync();
        return factory;
    }

    private sealed record Measured(double Seconds, double HeapMb, double WorkingSetMb, long Bytes);

    private static void Print(string name, int rows, Measured m) =>
        Console.WriteLine($"{name,-44} {rows,10:N0} {m.Seconds,8:N2} {rows / m.Seconds,10:N0} {m.HeapMb,8:N0} {m.WorkingSetMb,7:N0}");

    /// <summary>Runs <paramref name="work"/> while sampling the managed heap and the process working set every 10 ms.</summary>
    private static async Task<Measured> MeasureAsync(Func<Task<long>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long heap = 0, workingSet = 0;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                process.Refresh();
                heap = Math.Max(heap, GC.GetTotalMemory(false));
                workingSet = Math.Max(workingSet, process.WorkingSet64);
                try { await Task.Delay(10, done.Token); } catch (OperationCanceledException) { }
            }
        });
        var watch = Stopwatch.StartNew();
        var bytes = await work();
        watch.Stop();
        await done.CancelAsync();
        await sampler;
        return new Measured(watch.Elapsed.TotalSeconds, heap / 1_048_576.0, workingSet / 1_048_576.0, bytes);
    }

    private sealed class PathFactory(string path) : IDbContextFactory<DashboardDbContext>
    {
        private readonly DbContextOptions<SqliteDashboardDbContext> _options =
            new DbContextOptionsBuilder<SqliteDashboardDbContext>().UseSqlite(new SqliteConnectionStringBuilder { DataSource = path }.ToString()).Options;

        public DashboardDbContext CreateDbContext() => new SqliteDashboardDbContext(_options);
    }
}
