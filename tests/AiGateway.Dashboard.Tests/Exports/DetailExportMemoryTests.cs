using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Exports;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Dashboard.Tests.Exports;

/// <summary>The detail export streams: a million cost rows go out with the managed heap staying small.</summary>
public class DetailExportMemoryTests
{
    private const int Rows = 1_000_000;
    private const long HeapCeilingBytes = 150L * 1024 * 1024;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<TestDatabase> MillionRowsAsync()
    {
        var db = await TestDatabase.CreateAsync();
        await using var context = db.CreateDbContext();
        var connection = new ProviderConnection { Kind = ProviderKind.Simulated, Name = "bulk", CreatedUtc = DateTime.UtcNow };
        context.Connections.Add(connection);
        await context.SaveChangesAsync(Ct);
        var start = new DateOnly(2026, 10, 1);
        await using var tx = await context.Database.BeginTransactionAsync(Ct);
        await CostRecordWriter.InsertAsync(context.Database.GetDbConnection(), tx.GetDbTransaction(), Enumerable.Range(0, Rows).Select(i => new CostRecord
        {
            ConnectionId = connection.Id, Provider = ProviderKind.Simulated, UsageDate = start.AddDays(i % 31), NaturalKey = $"k{i}",
            ProjectId = $"proj_{i % 2000}", ApiKeyId = $"key_{i % 500}", Model = $"model-{i % 60}", LineItem = "input", Kind = CostKind.Billed,
            InputTokens = 1000 + i % 97, OutputTokens = 50, Requests = 1, CostMicros = 1_234 + i % 1000,
        }), Ct);
        await tx.CommitAsync(Ct);
        return db;
    }

    [Fact]
    public async Task A_million_rows_export_as_CSV_and_xlsx_with_bounded_memory()
    {
        await using var db = await MillionRowsAsync();
        var export = new CostExport(db);
        var window = new DateWindow(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));
        (await export.CountAsync(window, SpendScope.All, Ct)).ShouldBe(Rows);

        var csv = new CountingStream();
        var csvPeak = await PeakHeapAsync(() => CostExport.WriteDetailCsvAsync(export.Rows(window, SpendScope.All), csv, Ct));
        csv.Lines.ShouldBe(Rows + 1, "a header and every row");
        csvPeak.ShouldBeLessThan(HeapCeilingBytes, $"CSV peak managed heap {csvPeak / 1024 / 1024} MB");

        var path = Path.Combine(Path.GetTempPath(), $"aigw-million-{Guid.NewGuid():N}.xlsx");
        try
        {
            var xlsxPeak = await PeakHeapAsync(() => CostExport.WriteDetailXlsxAsync(export.Rows(window, SpendScope.All), path, Ct));
            xlsxPeak.ShouldBeLessThan(HeapCeilingBytes, $"xlsx peak managed heap {xlsxPeak / 1024 / 1024} MB");
            new FileInfo(path).Length.ShouldBeGreaterThan(10_000_000);
            var rowsInSheet = MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: true).Count();
            rowsInSheet.ShouldBe(Rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs the export while sampling the managed heap every 20 ms; returns the highest sample.</summary>
    private static async Task<long> PeakHeapAsync(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long peak = 0;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                try { await Task.Delay(20, done.Token); } catch (OperationCanceledException) { }
            }
        });
        await work();
        await done.CancelAsync();
        await sampler;
        return Math.Max(peak, GC.GetTotalMemory(false));
    }

    /// <summary>Counts bytes and lines without keeping them.</summary>
    private sealed class CountingStream : Stream
    {
        public long Lines { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get; set; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count)
        {
            for (var i = offset; i < offset + count; i++) if (buffer[i] == (byte)'\n') Lines++;
        }
    }
}
