using System.Threading.Channels;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// Writes reservations behind the ledger's decisions, a batch every few milliseconds, so that a reservation answers
/// from memory without waiting for the database's write lock; stopping the app writes what is left (decision 013).
/// </summary>
public sealed class ReservationWriter(IDbContextFactory<DashboardDbContext> dbFactory, DatabaseWriteGate writeGate, ILogger<ReservationWriter> log) : BackgroundService
{
    private readonly Channel<BudgetReservation> _changes = Channel.CreateUnbounded<BudgetReservation>(new UnboundedChannelOptions { SingleReader = true });
    private long _written;

    /// <summary>Reservation states written so far (tests and the benchmark wait on it).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues a copy of the reservation's current state.</summary>
    public void Enqueue(BudgetReservation reservation) => _changes.Writer.TryWrite(Copy(reservation));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _changes.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), stoppingToken);
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes every queued state (the last one per reservation wins).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = new Dictionary<string, BudgetReservation>(StringComparer.Ordinal);
        while (_changes.Reader.TryRead(out var r)) batch[r.Id] = r;
        if (batch.Count == 0) return;
        try
        {
            using var gate = await writeGate.EnterAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var chunk in batch.Values.Chunk(500))
            {
                var ids = chunk.Select(r => r.Id).ToList();
                var stored = await db.BudgetReservations.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
                foreach (var r in chunk)
                {
                    if (!stored.TryGetValue(r.Id, out var row)) db.BudgetReservations.Add(r);
                    else (row.Status, row.ClosedUtc) = (r.Status, r.ClosedUtc);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            Interlocked.Add(ref _written, batch.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Kept for the next flush: a reservation is never forgotten because the database was busy once.
            log.LogError(ex, "Writing {Count} reservation state(s) failed; retrying", batch.Count);
            foreach (var r in batch.Values) _changes.Writer.TryWrite(r);
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    private static BudgetReservation Copy(BudgetReservation r) => new()
    {
        Id = r.Id, RequestId = r.RequestId, OrgUnitId = r.OrgUnitId, Provider = r.Provider, Model = r.Model, AmountMicros = r.AmountMicros,
        CreatedUtc = r.CreatedUtc, ExpiresUtc = r.ExpiresUtc, Status = r.Status, ClosedUtc = r.ClosedUtc,
    };
}
