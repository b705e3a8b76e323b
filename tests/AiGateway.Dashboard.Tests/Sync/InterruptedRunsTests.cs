using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Dashboard.Tests.Sync;

/// <summary>Runs left "Running" by a crash are marked failed on every database, never a younger run another node may own.</summary>
public class InterruptedRunsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 23, 30, 0, TimeSpan.Zero);

    private static async Task<(long Old, long Young, long Done)> SeedAsync(TestDatabase test)
    {
        await using var db = test.CreateDbContext();
        var connection = new ProviderConnection { Kind = ProviderKind.Simulated, Name = "Simulated" };
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        SyncRun Run(TimeSpan ago, SyncRunStatus status) => new()
        {
            ConnectionId = connection.Id, StartedUtc = (Now - ago).UtcDateTime, Status = status,
            WindowFrom = new DateOnly(2026, 11, 1), WindowTo = new DateOnly(2026, 11, 30),
        };
        var old = Run(TimeSpan.FromHours(4), SyncRunStatus.Running);
        var young = Run(TimeSpan.FromMinutes(10), SyncRunStatus.Running);
        var done = Run(TimeSpan.FromHours(5), SyncRunStatus.Succeeded);
        db.SyncRuns.AddRange(old, young, done);
        await db.SaveChangesAsync();
        return (old.Id, young.Id, done.Id);
    }

    private static InterruptedRunsService Service(TestDatabase test) =>
        new(test, Options.Create(new JobsOptions()), new FakeTimeProvider(Now), NullLogger<InterruptedRunsService>.Instance);

    [Fact]
    public async Task On_a_shared_database_only_runs_older_than_the_limit_are_marked_failed()
    {
        await using var test = await TestDatabase.CreateAsync();
        var (old, young, done) = await SeedAsync(test);

        (await Service(test).FailInterruptedAsync(atStart: false, TestContext.Current.CancellationToken)).ShouldBe(1);

        await using var db = test.CreateDbContext();
        var runs = await db.SyncRuns.ToDictionaryAsync(r => r.Id, TestContext.Current.CancellationToken);
        runs[old].Status.ShouldBe(SyncRunStatus.Failed);
        runs[old].FinishedUtc.ShouldBe(Now.UtcDateTime);
        runs[old].Error.ShouldBe(InterruptedRunsService.Reason);
        runs[young].Status.ShouldBe(SyncRunStatus.Running, "another node may still be working on it");
        runs[done].Status.ShouldBe(SyncRunStatus.Succeeded);
    }

    [Fact]
    public async Task A_started_run_whose_worker_stopped_beating_is_failed_and_one_still_beating_is_kept()
    {
        await using var test = await TestDatabase.CreateAsync();
        var (_, young, _) = await SeedAsync(test);
        long silent;
        await using (var db = test.CreateDbContext())
        {
            // Started ten minutes ago by a worker that was killed four minutes ago; the young run's worker beat a minute ago.
            var run = new SyncRun { ConnectionId = (await db.Connections.FirstAsync(TestContext.Current.CancellationToken)).Id, StartedUtc = (Now - TimeSpan.FromMinutes(10)).UtcDateTime,
                HeartbeatUtc = (Now - TimeSpan.FromMinutes(4)).UtcDateTime, Status = SyncRunStatus.Running, WindowFrom = new DateOnly(2026, 11, 1), WindowTo = new DateOnly(2026, 11, 30) };
            db.SyncRuns.Add(run);
            await db.SyncRuns.Where(r => r.Id == young).ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatUtc, (Now - TimeSpan.FromMinutes(1)).UtcDateTime), TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            silent = run.Id;
        }

        (await Service(test).FailInterruptedAsync(atStart: false, TestContext.Current.CancellationToken)).ShouldBe(2); // the silent one and the 4-hour-old queued one

        await using var check = test.CreateDbContext();
        var runs = await check.SyncRuns.ToDictionaryAsync(r => r.Id, TestContext.Current.CancellationToken);
        runs[silent].Status.ShouldBe(SyncRunStatus.Failed);
        runs[young].Status.ShouldBe(SyncRunStatus.Running, "its worker is alive");
    }

    [Fact]
    public async Task At_start_on_SQLite_every_running_run_was_interrupted()
    {
        await using var test = await TestDatabase.CreateAsync();
        var (old, young, _) = await SeedAsync(test);

        (await Service(test).FailInterruptedAsync(atStart: true, TestContext.Current.CancellationToken)).ShouldBe(2);

        await using var db = test.CreateDbContext();
        (await db.SyncRuns.CountAsync(r => r.Status == SyncRunStatus.Running, TestContext.Current.CancellationToken)).ShouldBe(0);
        (await db.SyncRuns.Where(r => r.Id == old || r.Id == young).Select(r => r.Status).ToListAsync(TestContext.Current.CancellationToken)).ShouldAllBe(s => s == SyncRunStatus.Failed);
    }

    [Fact]
    public void The_sweep_translates_on_SQL_Server()
    {
        using var db = new SqlServerDashboardDbContext(new DbContextOptionsBuilder<SqlServerDashboardDbContext>()
            .UseSqlServer("Server=unreachable.invalid;Database=Dashboard;Connect Timeout=1").Options);
        var sql = InterruptedRunsService.Interrupted(db, Now.UtcDateTime.AddHours(-3), Now.UtcDateTime.AddMinutes(-3)).ToQueryString();
        sql.ShouldContain("FROM [SyncRuns]");
        sql.ShouldContain("[StartedUtc] <");
        sql.ShouldContain("[HeartbeatUtc] <");
    }
}
