using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Dashboard.Features.Sync;

/// <summary>
/// Runs one sync of one connection (DESIGN.md §4): fetch the whole window first, then in ONE transaction
/// delete the connection's rows for the window's days, insert the fetched rows, rebuild the rollups of
/// those days and close the <see cref="SyncRun"/>. A failure before commit leaves earlier data untouched.
/// </summary>
public sealed class SyncService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    BillingClientRegistry clients,
    SecretProtector secrets,
    SyncGuard guard,
    DatabaseWriteGate writeGate,
    SyncNotifier notifier,
    Changes.ChangeSignal changes,
    Fx.FxService fx,
    TimeProvider time,
    ILogger<SyncService> log,
    Microsoft.Extensions.Options.IOptions<Configuration.JobsOptions>? jobs = null)
{
    /// <summary>
    /// Creates the run row up front, so that an API caller gets its id before the work starts. With
    /// <paramref name="range"/> the run re-pulls exactly those days (a provider restated them) instead of the planned window.
    /// </summary>
    public async Task<long> QueueAsync(int connectionId, SyncTrigger trigger, CancellationToken cancellationToken, DateWindow? range = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken)
            ?? throw new KeyNotFoundException($"Connection {connectionId} does not exist.");
        var run = new SyncRun
        {
            ConnectionId = connection.Id,
            Trigger = trigger,
            StartedUtc = time.GetUtcNow().UtcDateTime,
            Status = SyncRunStatus.Running,
            RangeRequested = range is not null,
            WindowFrom = range?.From ?? default,
            WindowTo = range?.To ?? default,
        };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run.Id;
    }

    public async Task<SyncRun> RunAsync(int connectionId, SyncTrigger trigger, CancellationToken cancellationToken) =>
        await RunQueuedAsync(await QueueAsync(connectionId, trigger, cancellationToken), cancellationToken);

    public async Task<SyncRun> RunQueuedAsync(long runId, CancellationToken cancellationToken)
    {
        SyncRun run;
        ProviderConnection connection;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            run = await db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
            connection = await db.Connections.AsNoTracking().SingleAsync(c => c.Id == run.ConnectionId, cancellationToken);
        }
        if (run.Status != SyncRunStatus.Running)
        {
            // A job handed out again after its worker died, once the sweep has failed its run: the run's history stays as it
            // was, and the next scheduled run re-pulls the window.
            log.LogWarning("Sync run {RunId} already ended ({Status}); not run again", runId, run.Status);
            return run;
        }

        using var _ = await guard.AcquireAsync(connection.Id, cancellationToken);
        await TakeLeaseAsync(runId, connection.Id, cancellationToken);
        var started = time.GetUtcNow().UtcDateTime;
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(runId, beating.Token);
        try
        {
            if (!connection.Enabled)
            {
                return await FinishAsync(runId, SyncRunStatus.Skipped, default, 0, 0, "The connection is disabled.", cancellationToken);
            }

            var window = run.RangeRequested ? run.Window : await PlanWindowAsync(connection, cancellationToken);
            await SetWindowAsync(runId, window, started, cancellationToken);
            log.LogInformation("Sync {RunId} of connection {ConnectionId} started on {Node} for {Window}", runId, connection.Id, Environment.MachineName + ":" + Environment.ProcessId, window);
            notifier.Publish(new SyncProgress(connection.Id, runId, "Fetching", 0, 0));

            var client = clients.For(connection.Kind);
            var secret = connection.EncryptedSecret is null ? null : secrets.Unprotect(connection.EncryptedSecret);
            var pages = new Progress<int>(n => notifier.Publish(new SyncProgress(connection.Id, runId, "Fetching", n, 0)));
            var fetched = await client.FetchAsync(new BillingFetchRequest(connection, secret, window, new DateTimeOffset(started, TimeSpan.Zero)), pages, cancellationToken);

            if (fetched.Covers is { } covers)
            {
                // The files speak for their billing periods: exactly those days are replaced (a re-import replaces, never adds).
                window = covers;
                await SetWindowAsync(runId, window, started, cancellationToken);
            }
            else if (connection.Kind == ProviderKind.Focus)
            {
                return await FinishAsync(runId, SyncRunStatus.Succeeded, window, 0, fetched.PagesFetched, null, cancellationToken, RunNotes.Describe(fetched.Notes, []));
            }
            var rows = Prepare(connection, window, fetched.Rows);
            var gaps = await fx.ConvertAsync(rows, cancellationToken);
            var notes = RunNotes.Describe(fetched.Notes, gaps);
            await AllocateAsync(rows, cancellationToken);
            notifier.Publish(new SyncProgress(connection.Id, runId, "Writing", fetched.PagesFetched, rows.Count));

            await ReplaceWindowAsync(runId, connection.Id, window, rows, fetched.PagesFetched, fetched.Names, notes, fetched.ProvisionalFrom, cancellationToken);
            log.LogInformation("Sync {RunId} of connection {ConnectionId} wrote {Rows} rows for {Window} from {Pages} pages",
                runId, connection.Id, rows.Count, window, fetched.PagesFetched);
            var done = await LoadAsync(runId, CancellationToken.None);
            notifier.Publish(new SyncProgress(connection.Id, runId, "Succeeded", done.PagesFetched, done.RowsWritten));
            changes.Publish(new DataChange(ChangeKind.Spend, connection.Id, done.RowsWritten));
            return done;
        }
        catch (SyncSweptException ex)
        {
            log.LogWarning("Sync {RunId} of connection {ConnectionId} was failed by the sweep while it worked; nothing written", runId, connection.Id);
            return await FinishAsync(runId, SyncRunStatus.Failed, null, 0, 0, ex.Message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.LogWarning(ex, "Sync {RunId} of connection {ConnectionId} failed", runId, connection.Id);
            var failed = await FinishAsync(runId, SyncRunStatus.Failed, null, 0, 0, Describe(ex), CancellationToken.None);
            notifier.Publish(new SyncProgress(connection.Id, runId, "Failed", 0, 0));
            return failed;
        }
        catch (OperationCanceledException)
        {
            await FinishAsync(runId, SyncRunStatus.Failed, null, 0, 0, "The run was cancelled.", CancellationToken.None);
            throw;
        }
        finally
        {
            await beating.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>
    /// On a shared database, runs of one connection never overlap across workers: a run starts once no other run of the
    /// connection beat within <c>Jobs:HeartbeatTimeout</c>, and claims the connection by beating first, under a database
    /// lock of the connection, so two workers never both claim it. A killed worker's run stops beating and frees the
    /// connection after the timeout (decision 020). On SQLite the in-process <see cref="SyncGuard"/> is the whole story.
    /// </summary>
    private async Task TakeLeaseAsync(long runId, int connectionId, CancellationToken cancellationToken)
    {
        var timeout = (jobs?.Value ?? new Configuration.JobsOptions()).HeartbeatTimeout;
        var waitedSince = time.GetUtcNow();
        while (true)
        {
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                if (db.Database.IsSqlite()) return;
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                await DatabaseLocks.TakeAsync(db, DatabaseLocks.Syncs, connectionId, cancellationToken);
                var now = time.GetUtcNow().UtcDateTime;
                var aliveSince = now - timeout;
                var busy = await db.SyncRuns.AnyAsync(r => r.ConnectionId == connectionId && r.Id != runId && r.Status == SyncRunStatus.Running
                                                           && r.HeartbeatUtc != null && r.HeartbeatUtc > aliveSince, cancellationToken);
                if (!busy)
                {
                    await db.SyncRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatUtc, now), cancellationToken);
                    await tx.CommitAsync(cancellationToken);
                    if (time.GetUtcNow() - waitedSince > TimeSpan.FromSeconds(1))
                        log.LogInformation("Sync {RunId} of connection {ConnectionId} waited {Seconds:0} s for another worker's run", runId, connectionId, (time.GetUtcNow() - waitedSince).TotalSeconds);
                    return;
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
        }
    }

    /// <summary>
    /// While the run works, it tells the database it is alive: a worker killed mid-run stops beating, and the
    /// interrupted-runs sweep marks its run failed within <c>Jobs:HeartbeatTimeout</c> (decision 019).
    /// </summary>
    private async Task HeartbeatAsync(long runId, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer((jobs?.Value ?? new Configuration.JobsOptions()).HeartbeatEvery, time);
            do
            {
                var now = time.GetUtcNow().UtcDateTime;
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                // One process owns a SQLite file: its start marks every unfinished run failed, no beat is needed.
                if (db.Database.IsSqlite()) return;
                await db.SyncRuns.Where(r => r.Id == runId && r.Status == SyncRunStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatUtc, now), cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // A missed beat is not a failed run; a run that cannot beat at all is swept only after the timeout.
            log.LogWarning(ex, "Sync {RunId}: the heartbeat could not be written", runId);
        }
    }

    private async Task<DateWindow> PlanWindowAsync(ProviderConnection connection, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.SyncRuns.AsNoTracking()
            .Where(r => r.ConnectionId == connection.Id && r.Status == SyncRunStatus.Succeeded)
            .OrderByDescending(r => r.WindowTo)
            .Select(r => new { r.WindowTo, r.ProvisionalFrom })
            .FirstOrDefaultAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var planned = SyncWindowPlanner.Plan(today, last?.WindowTo, connection.BackfillDays, connection.OverlapDays);
        // Days the provider still called estimated are pulled again until it calls them final.
        return last?.ProvisionalFrom is { } provisional && provisional < planned.From ? new DateWindow(provisional, planned.To) : planned;
    }

    private static List<CostRecord> Prepare(ProviderConnection connection, DateWindow window, IReadOnlyList<CostRecord> fetched)
    {
        var rows = new List<CostRecord>(fetched.Count);
        foreach (var r in fetched)
        {
            // A provider may hand back a partial bucket outside the window; only the window is replaced.
            if (!window.Contains(r.UsageDate)) continue;
            if (r.Currency is not { Length: 3 } code || !code.All(char.IsAsciiLetter))
            {
                throw new InvalidDataException($"An amount for {r.UsageDate:yyyy-MM-dd} ({r.Model}) came with the currency '{r.Currency}', which is not a three-letter code. Nothing was written.");
            }
            if (r.CostMicros < 0)
            {
                // Credits and refunds are legitimate but must be explicit; a negative usage cost is a bad response.
                if (r.Kind != CostKind.Billed)
                {
                    throw new InvalidDataException($"A negative usage amount arrived for {r.UsageDate:yyyy-MM-dd} ({r.Model}). Nothing was written.");
                }
            }
            r.ConnectionId = connection.Id;
            r.Currency = code.ToUpperInvariant();
            if (string.IsNullOrEmpty(r.NaturalKey)) r.ComputeNaturalKey();
            rows.Add(r);
        }
        var duplicate = rows.GroupBy(r => (r.UsageDate, r.NaturalKey)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"The provider returned the same row twice for {duplicate.Key.UsageDate:yyyy-MM-dd} ({duplicate.Key.NaturalKey}). Nothing was written.");
        }
        return rows;
    }

    private async Task AllocateAsync(List<CostRecord> rows, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var allocator = new Allocator(await db.AllocationRules.AsNoTracking().ToListAsync(cancellationToken));
        foreach (var r in rows) r.OrgUnitId = allocator.OrgUnitFor(r);
    }

    private async Task ReplaceWindowAsync(long runId, int connectionId, DateWindow window, List<CostRecord> rows, int pages,
        IReadOnlyList<ProviderEntity>? names, string? notes, DateOnly? provisionalFrom, CancellationToken cancellationToken)
    {
        using var gate = await writeGate.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var (written, adjustments) = await WriteAsync(db, tx.GetDbTransaction(), connectionId, window, rows, cancellationToken);
            if (names is not null)
            {
                // Names are not windowed: the provider's current list replaces ours.
                await db.ProviderEntities.Where(e => e.ConnectionId == connectionId).ExecuteDeleteAsync(cancellationToken);
                db.ProviderEntities.AddRange(names
                    .GroupBy(n => (n.EntityType, n.ExternalId)).Select(g => g.First())
                    .Select(n => new ProviderEntity { ConnectionId = connectionId, EntityType = n.EntityType, ExternalId = n.ExternalId, Name = n.Name, ParentId = n.ParentId, Archived = n.Archived }));
            }
            await db.SaveChangesAsync(cancellationToken);
            // Only a run still running may commit: one the sweep failed meanwhile (a worker frozen past the heartbeat
            // timeout) writes nothing, so its history stays Failed and another worker may already have the connection.
            var finished = await db.SyncRuns.Where(r => r.Id == runId && r.Status == SyncRunStatus.Running).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, SyncRunStatus.Succeeded)
                .SetProperty(r => r.FinishedUtc, time.GetUtcNow().UtcDateTime)
                .SetProperty(r => r.RowsWritten, written)
                .SetProperty(r => r.AdjustmentsBooked, adjustments)
                .SetProperty(r => r.PagesFetched, pages)
                .SetProperty(r => r.Notes, notes)
                .SetProperty(r => r.ProvisionalFrom, provisionalFrom)
                .SetProperty(r => r.Error, (string?)null), cancellationToken);
            if (finished == 0)
            {
                await tx.RollbackAsync(cancellationToken);
                throw new SyncSweptException();
            }
            await tx.CommitAsync(cancellationToken);
        });
    }

    /// <summary>
    /// Replaces the facts of the window's open days, and turns what changed on its closed days into prior-period
    /// adjustments booked today (closed facts never change); then rebuilds the rollups of the window and of today.
    /// </summary>
    private async Task<(int Written, int Adjustments)> WriteAsync(DashboardDbContext db, System.Data.Common.DbTransaction tx, int connectionId,
        DateWindow window, List<CostRecord> rows, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var closed = await db.ClosedMonthsAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        int written = 0, adjustments = 0;
        var rebuild = new List<DateWindow> { window };
        foreach (var (part, isClosed) in closed.Split(window))
        {
            var fetched = rows.Where(r => part.Contains(r.UsageDate)).ToList();
            if (!isClosed)
            {
                await db.CostRecords.Where(r => r.ConnectionId == connectionId && r.RestatedDate == null && r.UsageDate >= part.From && r.UsageDate <= part.To)
                    .ExecuteDeleteAsync(cancellationToken);
                written += await CostRecordWriter.InsertAsync(connection, tx, fetched, cancellationToken);
                continue;
            }
            var booked = await db.CostRecords.AsNoTracking()
                .Where(r => r.ConnectionId == connectionId
                            && ((r.RestatedDate == null && r.UsageDate >= part.From && r.UsageDate <= part.To)
                                || (r.RestatedDate >= part.From && r.RestatedDate <= part.To)))
                .ToListAsync(cancellationToken);
            var found = Restatement.Adjustments(booked, fetched, today);
            // Today's adjustments of these days are recomputed whole: a retried or repeated sync books nothing twice.
            await db.CostRecords.Where(r => r.ConnectionId == connectionId && r.UsageDate == today && r.RestatedDate >= part.From && r.RestatedDate <= part.To)
                .ExecuteDeleteAsync(cancellationToken);
            adjustments += await CostRecordWriter.InsertAsync(connection, tx, found, cancellationToken);
            if (!window.Contains(today)) rebuild.Add(new DateWindow(today, today));
        }
        await RollupBuilder.RebuildAsync(db, connectionId, rebuild, cancellationToken);
        // Billed rows may have arrived where gateway estimates stood: those estimates stop counting (never both).
        var (from, to) = window.Utc;
        if (await db.UsageHours.AnyAsync(h => h.HourUtc >= from && h.HourUtc < to, cancellationToken)
            && await db.Connections.Where(c => c.Kind == ProviderKind.Gateway).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken) is { } gateway)
        {
            await Usage.EstimateWriter.RefreshAsync(db, tx, gateway, window, cancellationToken);
        }
        return (written + adjustments, adjustments);
    }

    private async Task SetWindowAsync(long runId, DateWindow window, DateTime started, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SyncRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.WindowFrom, window.From)
            .SetProperty(r => r.WindowTo, window.To)
            .SetProperty(r => r.StartedUtc, started), cancellationToken);
    }

    private async Task<SyncRun> FinishAsync(long runId, SyncRunStatus status, DateWindow? window, int rows, int pages, string? error, CancellationToken cancellationToken, string? notes = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.SyncRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        run.Status = status;
        run.FinishedUtc = time.GetUtcNow().UtcDateTime;
        run.RowsWritten = rows;
        run.PagesFetched = pages;
        run.Error = error is { Length: > 4000 } ? error[..4000] : error;
        run.Notes = notes;
        if (window is { } w)
        {
            run.WindowFrom = w.From;
            run.WindowTo = w.To;
        }
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    private async Task<SyncRun> LoadAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
    }

    // The message a person reads in the sync history: the cause, not a stack trace.
    private static string Describe(Exception ex) => ex switch
    {
        DbUpdateException { InnerException: { } inner } => "The database refused the rows: " + inner.Message,
        _ when ex.InnerException is { } inner && ex is not InvalidDataException && !ex.Message.Contains(inner.Message, StringComparison.Ordinal) => $"{ex.Message} ({inner.Message})",
        _ => ex.Message,
    };
}
