using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Dashboard.Features.Usage;

/// <summary>
/// Keeps the gateway's day estimates (and their rollups) up with the hourly buckets: a batch marks its days, and every
/// <see cref="CoalesceMilliseconds"/> the marked days are rewritten at once (<see cref="EstimateWriter"/>), so the totals of
/// pages follow within a second while ingestion stays a few inserts per batch. Budgets do not wait for it: a batch's
/// live spend reaches them in the request itself. A budget evaluation flushes it first (<see cref="FlushAsync"/>).
/// </summary>
public sealed class EstimateRefresher(IDbContextFactory<DashboardDbContext> dbFactory, DatabaseWriteGate writeGate, TimeProvider time, ILogger<EstimateRefresher> log)
    : BackgroundService
{
    public const int CoalesceMilliseconds = 500;

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _sync = new();
    private HashSet<DateOnly> _dirty = [];

    /// <summary>Raised after the estimates of some days were rewritten, so open pages reload their totals.</summary>
    public event Action? Refreshed;

    /// <summary>Whether batches have marked days not written yet.</summary>
    public bool HasMarkedDays
    {
        get { lock (_sync) return _dirty.Count > 0; }
    }

    public void MarkDirty(IEnumerable<DateOnly> days)
    {
        lock (_sync) _dirty.UnionWith(days);
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromMilliseconds(CoalesceMilliseconds), time, stoppingToken);
                try
                {
                    using (await writeGate.EnterAsync(stoppingToken)) await FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "Refreshing the gateway estimates failed; retrying with the next batch");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Rewrites the marked days now, taking the write gate (what a reader that cannot wait the fraction of a second calls).</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        using (await writeGate.EnterAsync(cancellationToken)) await FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Rewrites the marked days now. The caller holds the database write gate (on SQLite), so nothing else writes meanwhile;
    /// a failure marks the days again.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        HashSet<DateOnly> days;
        try
        {
            lock (_sync) (days, _dirty) = (_dirty, []);
            if (days.Count == 0) return;
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                var gateway = await EstimateWriter.ConnectionIdAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
                await EstimateWriter.RefreshAsync(db, tx.GetDbTransaction(), gateway, new DateWindow(days.Min(), days.Max()), cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
            catch
            {
                MarkDirty(days);
                throw;
            }
        }
        finally
        {
            _refreshing.Release();
        }
        Refreshed?.Invoke();
    }
}
