using System.Threading.Channels;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Changes;

/// <summary>
/// Carries the typed change signal between the nodes of a database without notifications (SQL Server, Azure SQL): every
/// shared change this process publishes is written to <c>ChangeEvents</c>, and every <see cref="PollEvery"/> the node
/// reads the rows after the last it read and hands other nodes' changes to <see cref="ChangeSignal.Receive"/>
/// (decision 021). An identity committed out of order is still read: the poll also looks back a few seconds, and
/// remembers the ids it handed on.
/// </summary>
public sealed class ChangeLogRelay(ChangeSignal signal, IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time, ILogger<ChangeLogRelay> log)
    : BackgroundService
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    /// <summary>How far back each poll also looks, for a row whose id was taken before the last one read but committed after it.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Channel<DataChange> _outgoing = Channel.CreateBounded<DataChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<long, DateTime> _seen = [];
    private long _last;

    private void OnOutgoing(DataChange change) => _outgoing.Writer.TryWrite(change);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        signal.Outgoing += OnOutgoing;
        try
        {
            await StartAsync();
            await Task.WhenAll(SendAsync(stoppingToken), PollAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            signal.Outgoing -= OnOutgoing;
        }

        async Task StartAsync()
        {
            // What happened before this node started is in the database already: only what follows is news.
            await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
            _last = await db.ChangeEvents.MaxAsync(e => (long?)e.Id, stoppingToken) ?? 0;
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new List<DataChange>();
            while (batch.Count < 500 && _outgoing.Reader.TryRead(out var change)) batch.Add(change);
            try
            {
                var now = time.GetUtcNow().UtcDateTime;
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                db.ChangeEvents.AddRange(batch.Select(c => new ChangeEvent { Node = _node, Kind = c.Kind, ConnectionId = c.ConnectionId, Rows = c.Rows, AtUtc = now }));
                await db.SaveChangesAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "{Count} change(s) could not be written for the other nodes", batch.Count);
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollEvery, time);
        var sweptAt = DateTime.MinValue;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = time.GetUtcNow().UtcDateTime;
                await ReceiveAsync(now, stoppingToken);
                if (now - sweptAt > TimeSpan.FromMinutes(5))
                {
                    sweptAt = now;
                    await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                    var before = now - KeepFor;
                    await db.ChangeEvents.Where(e => e.AtUtc < before).ExecuteDeleteAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Reading other nodes' changes failed; trying again");
            }
        }
    }

    /// <summary>Hands on the other nodes' changes since the last poll, each once.</summary>
    public async Task<int> ReceiveAsync(DateTime now, CancellationToken cancellationToken)
    {
        var since = now - LookBack;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var fresh = await db.ChangeEvents.AsNoTracking()
            .Where(e => e.Id > _last || e.AtUtc >= since)
            .OrderBy(e => e.Id).Take(5_000)
            .ToListAsync(cancellationToken);
        var handed = 0;
        foreach (var e in fresh)
        {
            _last = Math.Max(_last, e.Id);
            if (!_seen.TryAdd(e.Id, e.AtUtc) || e.Node == _node) continue;
            signal.Receive(new DataChange(e.Kind, e.ConnectionId, e.Rows));
            handed++;
        }
        foreach (var old in _seen.Where(s => s.Value < since - LookBack).Select(s => s.Key).ToList()) _seen.Remove(old);
        return handed;
    }
}
