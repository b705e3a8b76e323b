using System.Diagnostics;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Providers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using AiGateway.Dashboard.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// The sync write path on SQLite, against EF AddRange + SaveChanges measured in the same run.
// Usage: dotnet run -c Release --project bench/AiGateway.Dashboard.Bench [-- --rows N --baseline-rows N]
//        dotnet run -c Release --project bench/AiGateway.Dashboard.Bench -- analytics [--runs N] [--keep FILE] [--browser]
//        (--browser also times Explore in Debian's Chromium against the app; run from the repository root)
//        dotnet run -c Release --project bench/AiGateway.Dashboard.Bench -- load [--connections 64] [--seconds 30]
//        (the budget check against /health under load, app in its own process; run from the repository root)
//        dotnet run -c Release --project bench/AiGateway.Dashboard.Bench -- usage [--connections 64] [--seconds 15]
//        (gateway usage ingestion, check and reserve under ingestion, enforcement latency, memory; app in its own process; run from the repository root)
//        dotnet run -c Release --project bench/AiGateway.Dashboard.Bench -- reports [--keep data/analytics.db] [--rows 1000000] [--baseline-rows 200000]
if (args.Length > 0 && args[0] == "reports")
{
    var keepFile = Array.IndexOf(args, "--keep") is var kk and >= 0 && kk + 1 < args.Length ? args[kk + 1] : null;
    return await AiGateway.Dashboard.Bench.ReportsBench.RunAsync(keepFile, Arg("--rows", 1_000_000), Arg("--baseline-rows", 200_000)) ? 0 : 1;
}
if (args.Length > 0 && args[0] == "usage")
{
    return await AiGateway.Dashboard.Bench.UsageBench.RunAsync(Directory.GetCurrentDirectory(), Arg("--connections", 64), Arg("--seconds", 15)) ? 0 : 1;
}
if (args.Length > 0 && args[0] == "load")
{
    return await AiGateway.Dashboard.Bench.CheckLoadBench.RunAsync(Directory.GetCurrentDirectory(), Arg("--connections", 64), Arg("--seconds", 30)) ? 0 : 1;
}
if (args.Length > 0 && args[0] == "analytics")
{
    var keep = Array.IndexOf(args, "--keep") is var k and >= 0 && k + 1 < args.Length ? args[k + 1] : null;
    var (path, ok) = args.Contains("--browser-only") && keep is not null
        ? (keep, true)
        : await AiGateway.Dashboard.Bench.AnalyticsBench.RunAsync(Arg("--runs", 20), keep);
    if (args.Contains("--browser") || args.Contains("--browser-only"))
    {
        var root = Directory.GetCurrentDirectory();
        ok &= await AiGateway.Dashboard.Bench.ExploreRenderBench.RunAsync(path, root, Math.Max(3, Arg("--runs", 20) / 4));
    }
    if (keep is null) AiGateway.Dashboard.Bench.AnalyticsBench.Delete(path);
    return ok ? 0 : 1;
}
const int RowsPerDay = BenchShape.RowsPerDay;
var rows = Arg("--rows", 1_000_000);
var baselineRows = Arg("--baseline-rows", 200_000);
Console.WriteLine($"AiGateway.Dashboard sync write benchmark · SQLite · {Environment.ProcessorCount} cores · .NET {Environment.Version}");
Console.WriteLine($"rows: {rows:N0} (sync path), {baselineRows:N0} (EF baseline)");
Console.WriteLine();

var baseline = await MeasureAsync("EF AddRange + SaveChanges (baseline)", baselineRows, EfBaselineAsync);
var writer = await MeasureAsync("CostRecordWriter, one transaction", rows, WriterAsync);
var sync = await MeasureAsync("SyncService.RunAsync, whole run", rows, SyncServiceAsync);

Console.WriteLine();
Console.WriteLine($"{"path",-40} {"rows",12} {"seconds",9} {"rows/s",12} {"× baseline",11}");
foreach (var r in new[] { baseline, writer, sync })
{
    Console.WriteLine($"{r.Name,-40} {r.Rows,12:N0} {r.Seconds,9:N2} {r.RowsPerSecond,12:N0} {r.RowsPerSecond / baseline.RowsPerSecond,10:N1}×");
}
Console.WriteLine();
var pass = writer.RowsPerSecond >= 100_000 && writer.RowsPerSecond >= 5 * baseline.RowsPerSecond;
Console.WriteLine($"target (≥ 100,000 rows/s and ≥ 5× baseline): {(pass ? "met" : "NOT met")}");
return pass ? 0 : 1;

static async Task<Result> MeasureAsync(string name, int count, Func<Database, int, Task> run)
{
    await using var db = await Database.CreateAsync();
    GC.Collect();
    var watch = Stopwatch.StartNew();
    await run(db, count);
    watch.Stop();
    await using var check = db.Context();
    var written = await check.CostRecords.CountAsync();
    if (written != count) throw new InvalidOperationException($"{name} wrote {written:N0} rows, expected {count:N0}");
    Console.WriteLine($"  {name}: {count:N0} rows in {watch.Elapsed.TotalSeconds:N2} s");
    return new Result(name, count, watch.Elapsed.TotalSeconds);
}

static async Task EfBaselineAsync(Database db, int count)
{
    // The straightforward EF way, in batches of 10,000 with a fresh context (one giant change tracker is slower still).
    foreach (var batch in Generate(db.ConnectionId, count).Chunk(10_000))
    {
        await using var context = db.Context();
        context.CostRecords.AddRange(batch);
        await context.SaveChangesAsync();
    }
}

static async Task WriterAsync(Database db, int count)
{
    await using var context = db.Context();
    await using var tx = await context.Database.BeginTransactionAsync();
    await CostRecordWriter.InsertAsync(context.Database.GetDbConnection(), tx.GetDbTransaction(), Generate(db.ConnectionId, count), CancellationToken.None);
    await tx.CommitAsync();
}

static async Task SyncServiceAsync(Database db, int count)
{
    var days = (count + RowsPerDay - 1) / RowsPerDay;
    var client = new GeneratedClient(count);
    var gate = new DatabaseWriteGate(true);
    var changes = new AiGateway.Dashboard.Features.Changes.ChangeSignal();
    var clock = new FixedClock(BenchShape.Today);
    var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddHttpClient().BuildServiceProvider();
    var prices = new AiGateway.Dashboard.Features.Prices.PricesService(db, gate, services, clock, NullLogger<AiGateway.Dashboard.Features.Prices.PricesService>.Instance);
    var fx = new AiGateway.Dashboard.Features.Fx.FxService(db, gate, changes, Options.Create(new FxOptions()), services.GetRequiredService<IHttpClientFactory>(), prices, clock,
        NullLogger<AiGateway.Dashboard.Features.Fx.FxService>.Instance);
    var service = new SyncService(db, new BillingClientRegistry([client]), new SecretProtector(new EphemeralDataProtectionProvider()),
        new SyncGuard(), gate, new SyncNotifier(), changes, fx, clock, NullLogger<SyncService>.Instance);
    await using (var context = db.Context())
    {
        await context.Connections.Where(c => c.Id == db.ConnectionId).ExecuteUpdateAsync(s => s.SetProperty(c => c.BackfillDays, days));
    }
    var run = await service.RunAsync(db.ConnectionId, SyncTrigger.Manual, CancellationToken.None);
    if (run.Status != SyncRunStatus.Succeeded) throw new InvalidOperationException(run.Error);
}

static IEnumerable<CostRecord> Generate(int connectionId, int count)
{
    for (var i = 0; i < count; i++)
    {
        var r = new CostRecord
        {
            ConnectionId = connectionId,
            Provider = ProviderKind.OpenAI,
            UsageDate = BenchShape.Today.AddDays(-(i / RowsPerDay)),
            ProjectId = "proj_" + (i % 200),
            ApiKeyId = "key_" + (i % RowsPerDay / 200),
            Model = "gpt-4o-2024-08-06",
            LineItem = "gpt-4o-2024-08-06, input",
            Kind = CostKind.Billed,
            InputTokens = 1_000 + i % 977,
            OutputTokens = 200 + i % 101,
            Requests = 1 + i % 13,
            CostMicros = 12_345 + i % 10_007,
            Currency = Money.Usd,
        };
        r.ComputeNaturalKey();
        yield return r;
    }
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}

internal sealed record Result(string Name, int Rows, double Seconds)
{
    public double RowsPerSecond => Rows / Seconds;
}

/// <summary>A fresh, migrated SQLite file with one connection.</summary>
internal sealed class Database : IDbContextFactory<DashboardDbContext>, IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"aigw-bench-{Guid.NewGuid():N}.db");

    public int ConnectionId { get; private set; }

    public static async Task<Database> CreateAsync()
    {
        var db = new Database();
        await using var context = db.Context();
        await context.Database.MigrateAsync();
        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var connection = new ProviderConnection { Kind = ProviderKind.OpenAI, Name = "bench", CreatedUtc = DateTime.UtcNow };
        context.Connections.Add(connection);
        await context.SaveChangesAsync();
        db.ConnectionId = connection.Id;
        return db;
    }

    public DashboardDbContext Context() =>
        new SqliteDashboardDbContext(new DbContextOptionsBuilder<SqliteDashboardDbContext>().UseSqlite($"Data Source={_path}").Options);

    public DashboardDbContext CreateDbContext() => Context();

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A billing client that hands the sync service the generated rows, as a provider would after paging.</summary>
internal sealed class GeneratedClient(int count) : IBillingClient
{
    public ProviderKind Kind => ProviderKind.OpenAI;

    public Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var rows = new List<CostRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var r = new CostRecord
            {
                Provider = ProviderKind.OpenAI,
                UsageDate = request.Window.To.AddDays(-(i / BenchShape.RowsPerDay)),
                ProjectId = "proj_" + (i % 200),
                ApiKeyId = "key_" + (i % BenchShape.RowsPerDay / 200),
                Model = "gpt-4o-2024-08-06",
                LineItem = "gpt-4o-2024-08-06, input",
                Kind = CostKind.Billed,
                InputTokens = 1_000 + i % 977,
                CostMicros = 12_345 + i % 10_007,
            };
            r.ComputeNaturalKey();
            rows.Add(r);
        }
        return Task.FromResult(new BillingFetchResult(rows, 1));
    }

    public Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken) => Task.FromResult("generated");
}

internal sealed class FixedClock(DateOnly today) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}

internal static class BenchShape
{
    public const int RowsPerDay = 10_000;
    public static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
}
