using System.Diagnostics;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Overview;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Features.Sync;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Dashboard.Bench;

/// <summary>
/// Speed at scale: a synthetic large organization (3 years, 2,000 projects in 300 teams, 60 models, 6 providers,
/// about 5 million cost rows) in one SQLite file; the Overview's and Explore's questions answered by the rollup
/// engine against the same questions answered by grouping the raw cost rows, in the same run.
/// </summary>
internal static class AnalyticsBench
{
    private const int Days = 3 * 365;
    private const int Projects = 2_000;
    private const int Teams = 300;
    private const int CostCentres = 10;
    private const int Models = 60;

    public static async Task<(string Path, bool Pass)> RunAsync(int runs, string? keepPath)
    {
        var path = keepPath ?? Path.Combine(Path.GetTempPath(), $"aigw-analytics-{Guid.NewGuid():N}.db");
        var factory = new FileFactory(path);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        if (!File.Exists(path) || new FileInfo(path).Length < 1_000_000)
        {
            await GenerateAsync(factory, today);
        }
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync(); // a kept file gets the current schema and indexes
            await db.Database.ExecuteSqlRawAsync("ANALYZE;");
            Console.WriteLine($"data: {await db.CostRecords.CountAsync():N0} cost rows, {await db.Rollups.CountAsync(r => r.Grain == RollupGrain.Day):N0} day rollups, " +
                              $"{await db.Rollups.CountAsync(r => r.Grain == RollupGrain.Month):N0} month rollups, {await db.OrgUnits.CountAsync():N0} org units; file {new FileInfo(path).Length / 1_048_576:N0} MiB");
        }

        var month = Period.Containing(PeriodKind.Monthly, today).Previous();
        var quarter = Period.Containing(PeriodKind.Quarterly, today).Previous();
        var year = new DateWindow(today.AddDays(-364), today);
        var ranges = new (string Name, DateOnly From, DateOnly To)[]
        {
            ("month", month.Start, month.End), ("quarter", quarter.Start, quarter.End), ("year (365 days)", year.From, year.To),
        };
        var spend = new SpendQueries(factory, TimeProvider.System);
        var results = new List<(string Question, Stats Engine, Stats Raw)>();
        foreach (var (name, from, to) in ranges)
        {
            foreach (var dim in new[] { SpendDimension.OrgUnit, SpendDimension.Model })
            {
                var query = new SpendQuery(from, to, [dim]);
                var engineRows = (await spend.QueryAsync(query, CancellationToken.None)).Sum(r => r.CostMicros);
                var rawRows = await RawAsync(factory, from, to, dim);
                if (engineRows != rawRows) throw new InvalidOperationException($"{name} by {dim}: engine {engineRows} ≠ raw {rawRows}");
                var engine = await TimeAsync(runs, () => spend.QueryAsync(query, CancellationToken.None));
                var raw = await TimeAsync(Math.Max(3, runs / 4), () => RawAsync(factory, from, to, dim));
                results.Add(($"{name} by {dim}", engine, raw));
            }
        }
        var overview = new OverviewQueries(factory, spend, new AiGateway.Dashboard.Features.Connections.ConnectionsQueries(factory), TimeProvider.System);
        var overviewStats = await TimeAsync(runs, () => overview.LoadAsync(SpendScope.All, CancellationToken.None));
        var explore = new AiGateway.Dashboard.Features.Explore.ExploreQueries(factory, spend,
            Microsoft.Extensions.Options.Options.Create(new AiGateway.Dashboard.Configuration.ReportingOptions()), TimeProvider.System);
        var exploreStats = new List<(string, Stats)>();
        foreach (var (range, dim) in new[] { ("thisYear", SpendDimension.OrgUnit), ("last90", SpendDimension.Model), ("thisMonth", SpendDimension.Project) })
        {
            var state = new AiGateway.Dashboard.Features.Explore.ExploreState { Range = range, GroupBy = dim };
            exploreStats.Add(($"Explore {range} by {dim} (grid + chart)", await TimeAsync(Math.Max(3, runs / 4), () => explore.LoadAsync(state, SpendScope.All, CancellationToken.None))));
        }

        Console.WriteLine();
        Console.WriteLine($"{"question",-30} {"rollups p50",12} {"p95",9} {"raw p50",10} {"p95",9} {"× faster (p50)",15}");
        foreach (var (q, e, r) in results)
        {
            Console.WriteLine($"{q,-30} {e.P50,10:N1}ms {e.P95,7:N1}ms {r.P50,8:N0}ms {r.P95,7:N0}ms {r.P50 / e.P50,14:N0}×");
        }
        Console.WriteLine($"{"Overview page (all queries)",-30} {overviewStats.P50,10:N1}ms {overviewStats.P95,7:N1}ms");
        foreach (var (name, stats) in exploreStats) Console.WriteLine($"{name,-30} {stats.P50,10:N1}ms {stats.P95,7:N1}ms");
        var pass = results.All(x => x.Engine.P95 < 100 && x.Raw.P50 / x.Engine.P50 >= 10);
        Console.WriteLine($"target (p95 < 100 ms and ≥ 10× the raw grouping, every question): {(pass ? "met" : "NOT met")}");
        return (path, pass);
    }

    private static async Task<long> RawAsync(FileFactory factory, DateOnly from, DateOnly to, SpendDimension dim)
    {
        await using var db = factory.CreateDbContext();
        var q = db.CostRecords.AsNoTracking().Where(r => r.UsageDate >= from && r.UsageDate <= to);
        return dim == SpendDimension.OrgUnit
            ? (await q.GroupBy(r => r.OrgUnitId).Select(g => g.Sum(r => r.CostMicros)).ToListAsync()).Sum()
            : (await q.GroupBy(r => r.Model).Select(g => g.Sum(r => r.CostMicros)).ToListAsync()).Sum();
    }

    private static async Task<Stats> TimeAsync<T>(int runs, Func<Task<T>> action)
    {
        await action(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new Stats(times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }

    private static async Task GenerateAsync(FileFactory factory, DateOnly today)
    {
        var watch = Stopwatch.StartNew();
        await using var db = factory.CreateDbContext();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var org = new OrgUnit { Code = "org", Name = "Synthetic Corp", Kind = OrgUnitKind.Organization };
        db.OrgUnits.Add(org);
        await db.SaveChangesAsync();
        var centres = Enumerable.Range(0, CostCentres).Select(i => new OrgUnit { Code = $"cc-{i}", Name = $"Cost centre {i}", Kind = OrgUnitKind.CostCentre, ParentId = org.Id }).ToList();
        db.OrgUnits.AddRange(centres);
        await db.SaveChangesAsync();
        var teams = Enumerable.Range(0, Teams).Select(i => new OrgUnit { Code = $"team-{i}", Name = $"Team {i}", Kind = OrgUnitKind.Team, ParentId = centres[i % CostCentres].Id }).ToList();
        db.OrgUnits.AddRange(teams);
        await db.SaveChangesAsync();
        var projects = Enumerable.Range(0, Projects).Select(i => new OrgUnit { Code = $"project-{i}", Name = $"Project {i}", Kind = OrgUnitKind.Project, ParentId = teams[i % Teams].Id }).ToList();
        db.OrgUnits.AddRange(projects);
        var connection = new ProviderConnection { Kind = ProviderKind.OpenAI, Name = "synthetic", CreatedUtc = DateTime.UtcNow };
        db.Connections.Add(connection);
        await db.SaveChangesAsync();

        IEnumerable<CostRecord> Rows()
        {
            for (var day = 0; day < Days; day++)
            {
                var date = today.AddDays(-day);
                for (var p = 0; p < Projects; p++)
                {
                    var models = 2 + (p % 10 < 3 ? 1 : 0); // 2.3 models per project on average
                    for (var m = 0; m < models; m++)
                    {
                        var model = (p * 7 + m * 13) % Models;
                        var r = new CostRecord
                        {
                            ConnectionId = connection.Id,
                            Provider = (ProviderKind)(model % 6),
                            UsageDate = date,
                            ProjectId = $"proj_{p}",
                            Model = $"model-{model}",
                            Kind = CostKind.Billed,
                            InputTokens = 10_000 + (p * 31 + day) % 5_000,
                            OutputTokens = 2_000 + (p * 17 + day) % 900,
                            Requests = 10 + p % 40,
                            CostMicros = 50_000 + (p * 7_919 + day * 104_729 + model) % 2_000_000,
                            OrgUnitId = projects[p].Id,
                        };
                        r.NaturalKey = $"{model}|{p}";
                        yield return r;
                    }
                }
            }
        }

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var count = await CostRecordWriter.InsertAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), Rows(), CancellationToken.None);
            await tx.CommitAsync();
            Console.WriteLine($"generated {count:N0} cost rows in {watch.Elapsed.TotalSeconds:N0} s");
        }
        watch.Restart();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await RollupBuilder.RebuildAllAsync(db, CancellationToken.None);
            await tx.CommitAsync();
        }
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        Console.WriteLine($"built rollups in {watch.Elapsed.TotalSeconds:N0} s");
    }

    private sealed record Stats(double P50, double P95);

    // Options built once and reused, as the app's registered factory does.
    private sealed class FileFactory(string path) : IDbContextFactory<DashboardDbContext>
    {
        private readonly DbContextOptions<SqliteDashboardDbContext> _options =
            new DbContextOptionsBuilder<SqliteDashboardDbContext>().UseSqlite($"Data Source={path}").Options;

        public DashboardDbContext CreateDbContext() => new SqliteDashboardDbContext(_options);
    }

    /// <summary>The synthetic large organization in <paramref name="path"/>, generated first when the file is missing.</summary>
    public static async Task<IDbContextFactory<DashboardDbContext>> EnsureAsync(string path)
    {
        var factory = new FileFactory(path);
        if (!File.Exists(path) || new FileInfo(path).Length < 1_000_000) await GenerateAsync(factory, DateOnly.FromDateTime(DateTime.UtcNow));
        await using var db = factory.CreateDbContext();
        await db.Database.MigrateAsync();
        return factory;
    }

    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}
