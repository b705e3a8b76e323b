using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers;
using AiGateway.Dashboard.Providers.Simulated;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Sync;

public class SyncServiceTests
{
    // The harness clock stands at 09:30 on its day: that day holds its first nine hours, as the sync asked.
    private static long GeneratorTotal(DateWindow window) =>
        new SimulatedSpendGenerator(new SimulatedSettings(42, SyncHarness.Today))
            .Generate(window, new DateTimeOffset(SyncHarness.Today.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero)).Sum(r => r.CostMicros);

    [Fact]
    public async Task A_first_sync_writes_the_backfill_window_with_rollups_that_equal_the_facts()
    {
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync(backfillDays: 30);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.Window.ShouldBe(new DateWindow(SyncHarness.Today.AddDays(-29), SyncHarness.Today));
        run.PagesFetched.ShouldBe(5);
        run.RowsWritten.ShouldBe(await h.RowCountAsync(connection.Id));
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(GeneratorTotal(run.Window));
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(GeneratorTotal(run.Window));
    }

    [Fact]
    public async Task Syncing_the_same_window_twice_leaves_every_total_identical()
    {
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync();
        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        var total = await h.TotalMicrosAsync(connection.Id);
        var rows = await h.RowCountAsync(connection.Id);

        var second = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        second.Status.ShouldBe(SyncRunStatus.Succeeded);
        second.Window.From.ShouldBe(SyncHarness.Today.AddDays(-4)); // overlap re-pull, not a second backfill
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(total);
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(total);
        (await h.RowCountAsync(connection.Id)).ShouldBe(rows);
    }

    [Fact]
    public async Task Two_syncs_of_one_connection_at_once_leave_no_duplicates()
    {
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync();

        var runs = await Task.WhenAll(
            Task.Run(() => h.Service.RunAsync(connection.Id, SyncTrigger.Manual, CancellationToken.None)),
            Task.Run(() => h.Service.RunAsync(connection.Id, SyncTrigger.Api, CancellationToken.None)));

        runs.ShouldAllBe(r => r.Status == SyncRunStatus.Succeeded);
        await using var db = h.Db.CreateDbContext();
        (await db.CostRecords.GroupBy(r => new { r.UsageDate, r.NaturalKey }).CountAsync(g => g.Count() > 1, TestContext.Current.CancellationToken)).ShouldBe(0);
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(GeneratorTotal(new DateWindow(SyncHarness.Today.AddDays(-29), SyncHarness.Today)));
    }

    [Fact]
    public async Task A_sync_that_fails_half_way_through_writing_leaves_the_previous_data_untouched()
    {
        var poison = false;
        var simulated = new SimulatedBillingClient();
        var client = new ScriptedBillingClient(ProviderKind.OpenAI, async (request, progress, ct) =>
        {
            var result = await simulated.FetchAsync(request, progress, ct);
            if (!poison) return result;
            // The same days with restated amounts, and one row the database refuses at the very end.
            var rows = result.Rows.Select(r => { r.CostMicros *= 2; return r; }).ToList();
            rows.Add(new CostRecord { UsageDate = request.Window.To, Model = "poison-model", Provider = ProviderKind.OpenAI });
            return new BillingFetchResult(rows, result.PagesFetched);
        });
        await using var h = await SyncHarness.CreateAsync(client);
        var connection = await h.AddConnectionAsync(ProviderKind.OpenAI);
        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        var total = await h.TotalMicrosAsync(connection.Id);
        var rows = await h.RowCountAsync(connection.Id);
        // A real failure inside the write transaction, after the delete and most inserts have run.
        await h.Db.ExecuteAsync("CREATE TRIGGER poison BEFORE INSERT ON CostRecords WHEN NEW.Model = 'poison-model' BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END;");
        poison = true;

        var failed = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        failed.Status.ShouldBe(SyncRunStatus.Failed);
        failed.Error.ShouldNotBeNull().ShouldContain("disk I/O error (simulated)");
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(total);
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(total);
        (await h.RowCountAsync(connection.Id)).ShouldBe(rows);
    }

    [Fact]
    public async Task A_provider_error_during_the_fetch_fails_the_run_with_its_reason_and_writes_nothing()
    {
        var fail = false;
        var simulated = new SimulatedBillingClient();
        var client = new ScriptedBillingClient(ProviderKind.Anthropic, (request, progress, ct) =>
            fail ? throw new HttpRequestException("The provider answered 503 Service Unavailable three times.") : simulated.FetchAsync(request, progress, ct));
        await using var h = await SyncHarness.CreateAsync(client);
        var connection = await h.AddConnectionAsync(ProviderKind.Anthropic);
        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);
        var total = await h.TotalMicrosAsync(connection.Id);
        fail = true;

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Schedule, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldBe("The provider answered 503 Service Unavailable three times.");
        run.FinishedUtc.ShouldNotBeNull();
        (await h.TotalMicrosAsync(connection.Id)).ShouldBe(total);
    }

    [Fact]
    public async Task A_row_returned_twice_by_the_provider_fails_the_run_before_anything_is_written()
    {
        var client = new ScriptedBillingClient(ProviderKind.OpenAI, (request, _, _) =>
        {
            var row = new CostRecord { UsageDate = request.Window.To, Model = "gpt-4o", ProjectId = "p", CostMicros = 5 };
            var twin = new CostRecord { UsageDate = request.Window.To, Model = "gpt-4o", ProjectId = "p", CostMicros = 7 };
            return Task.FromResult(new BillingFetchResult([row, twin], 1));
        });
        await using var h = await SyncHarness.CreateAsync(client);
        var connection = await h.AddConnectionAsync(ProviderKind.OpenAI);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("same row twice");
        (await h.RowCountAsync(connection.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_run_the_sweep_failed_while_it_fetched_writes_nothing_and_stays_failed()
    {
        TestDatabase? database = null;
        var client = new ScriptedBillingClient(ProviderKind.OpenAI, async (request, _, _) =>
        {
            // The worker froze past the heartbeat timeout: the sweep failed its run, as InterruptedRunsService does.
            await using (var db = database!.CreateDbContext())
            {
                await db.SyncRuns.Where(r => r.Status == SyncRunStatus.Running).ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.Status, SyncRunStatus.Failed).SetProperty(r => r.Error, InterruptedRunsService.Reason));
            }
            return new BillingFetchResult([new CostRecord { UsageDate = request.Window.To, Model = "gpt-4o", ProjectId = "p", CostMicros = 5_000_000 }], 1);
        });
        await using var h = await SyncHarness.CreateAsync(client);
        database = h.Db;
        var connection = await h.AddConnectionAsync(ProviderKind.OpenAI);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldBe(new SyncSweptException().Message);
        (await h.RowCountAsync(connection.Id)).ShouldBe(0);
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_slow_connection_never_blocks_another()
    {
        var release = new TaskCompletionSource();
        var slow = new ScriptedBillingClient(ProviderKind.AzureOpenAI, async (_, _, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return new BillingFetchResult([], 1);
        });
        await using var h = await SyncHarness.CreateAsync(slow);
        var blocked = await h.AddConnectionAsync(ProviderKind.AzureOpenAI);
        var healthy = await h.AddConnectionAsync();

        var slowRun = Task.Run(() => h.Service.RunAsync(blocked.Id, SyncTrigger.Manual, CancellationToken.None));
        var fastRun = await h.Service.RunAsync(healthy.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        fastRun.Status.ShouldBe(SyncRunStatus.Succeeded);
        slowRun.IsCompleted.ShouldBeFalse();
        release.SetResult();
        (await slowRun).Status.ShouldBe(SyncRunStatus.Succeeded);
    }

    [Fact]
    public async Task A_disabled_connection_is_skipped_and_says_so()
    {
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync();
        await using (var db = h.Db.CreateDbContext())
        {
            await db.Connections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Enabled, false), TestContext.Current.CancellationToken);
        }

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Schedule, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Skipped);
        run.Error.ShouldBe("The connection is disabled.");
        (await h.RowCountAsync(connection.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Rows_are_allocated_by_the_rules_and_the_rest_stays_unallocated()
    {
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync();
        int unitId;
        await using (var db = h.Db.CreateDbContext())
        {
            var unit = new OrgUnit { Code = "support-bot", Name = "Support bot", Kind = OrgUnitKind.Project };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            db.AllocationRules.Add(new AllocationRule { Priority = 1, ProjectId = "proj_support_bot", OrgUnitId = unit.Id });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            unitId = unit.Id;
        }

        await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        await using var check = h.Db.CreateDbContext();
        (await check.CostRecords.Where(r => r.ProjectId == "proj_support_bot").AllAsync(r => r.OrgUnitId == unitId, TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await check.CostRecords.Where(r => r.ProjectId != "proj_support_bot").AllAsync(r => r.OrgUnitId == null, TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await check.Rollups.Where(r => r.OrgUnitId == unitId && r.Grain == RollupGrain.Day).SumAsync(r => r.CostMicros, TestContext.Current.CancellationToken))
            .ShouldBe(await check.CostRecords.Where(r => r.OrgUnitId == unitId).SumAsync(r => r.CostMicros, TestContext.Current.CancellationToken));
    }
}
