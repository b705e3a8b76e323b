using System.Data.Common;
using System.Threading.Channels;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// Writes reservations behind the ledger's decisions, a batch every <see cref="FlushMilliseconds"/>, so that a reservation answers
/// from memory without waiting for the database's write lock; stopping the app writes what is left (decision 013).
/// </summary>
public sealed class ReservationWriter(IDbContextFactory<DashboardDbContext> dbFactory, DatabaseWriteGate writeGate, ILogger<ReservationWriter> log) : BackgroundService
{
    private readonly Channel<BudgetReservation> _changes = Channel.CreateUnbounded<BudgetReservation>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>How long states gather before they are written (a reservation made and settled within it is written once).</summary>
    public const int FlushMilliseconds = 200;

    private readonly SemaphoreSlim _flushing = new(1, 1);
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
                await Task.Delay(TimeSpan.FromMilliseconds(FlushMilliseconds), stoppingToken);
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
        // Whatever the host's shutdown timeout: what was decided is written (a few bounded transactions).
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>The most states one transaction writes: the write gate is never held long, so ingestion never waits long.</summary>
    public const int MaxRowsPerTransaction = 2_000;

    /// <summary>Writes every queued state (the last one per reservation wins), by prepared multi-row upserts, a bounded transaction at a time.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // One flush at a time: a stop waits for the one in progress, then writes what is left.
        await _flushing.WaitAsync(CancellationToken.None);
        try
        {
            await FlushQueuedAsync(cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task FlushQueuedAsync(CancellationToken cancellationToken)
    {
        var batch = new Dictionary<string, BudgetReservation>(StringComparer.Ordinal);
        while (_changes.Reader.TryRead(out var r)) batch[r.Id] = r;
        foreach (var chunk in batch.Values.Chunk(MaxRowsPerTransaction))
        {
            try
            {
                using var gate = await writeGate.EnterAsync(cancellationToken);
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                await UpsertAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), chunk, cancellationToken);
                await tx.CommitAsync(cancellationToken);
                Interlocked.Add(ref _written, chunk.Length);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Kept for the next flush: a reservation is never forgotten because the database was busy once.
                log.LogError(ex, "Writing {Count} reservation state(s) failed; retrying", chunk.Length);
                foreach (var r in chunk) _changes.Writer.TryWrite(r);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                return;
            }
        }
    }

    private static readonly string[] Columns = ["Id", "RequestId", "OrgUnitId", "Provider", "Model", "AmountMicros", "CreatedUtc", "ExpiresUtc", "Status", "ClosedUtc"];

    /// <summary>SQLite takes this many reservations per statement (a multi-row upsert); SQL Server one per statement.</summary>
    private const int RowsPerStatement = 100;

    private static async Task UpsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<BudgetReservation> rows, CancellationToken cancellationToken)
    {
        var dialect = ColumnValues.DialectOf(connection);
        var perStatement = dialect == SqlDialect.SqlServer ? 1 : RowsPerStatement;
        DbCommand? full = null;
        try
        {
            foreach (var chunk in rows.Chunk(perStatement))
            {
                // The full-size command is reused (its statement is compiled once); a last, shorter chunk gets its own.
                var command = chunk.Length == perStatement ? full ??= Prepare(connection, transaction, perStatement, dialect) : Prepare(connection, transaction, chunk.Length, dialect);
                for (var i = 0; i < chunk.Length; i++) Bind(command, i, chunk[i], dialect);
                await command.ExecuteNonQueryAsync(cancellationToken);
                if (!ReferenceEquals(command, full)) await command.DisposeAsync();
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, int rows, SqlDialect dialect)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var columns = string.Join(", ", Columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", Enumerable.Range(0, rows).Select(i => $"({string.Join(", ", Columns.Select(c => $"@{c}{i}"))})"));
        // SQLite and PostgreSQL share the upsert (ON CONFLICT … excluded); SQL Server updates, then inserts what was not there.
        command.CommandText = dialect != SqlDialect.SqlServer
            ? $"INSERT INTO \"BudgetReservations\" ({columns}) VALUES {values} ON CONFLICT (\"Id\") DO UPDATE SET \"Status\" = excluded.\"Status\", \"ClosedUtc\" = excluded.\"ClosedUtc\""
            : $"UPDATE \"BudgetReservations\" SET \"Status\" = @Status0, \"ClosedUtc\" = @ClosedUtc0 WHERE \"Id\" = @Id0; IF @@ROWCOUNT = 0 INSERT INTO \"BudgetReservations\" ({columns}) VALUES {values};";
        for (var i = 0; i < rows; i++)
        {
            foreach (var c in Columns)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@{c}{i}";
                command.Parameters.Add(parameter);
            }
        }
        return command;
    }

    private static void Bind(DbCommand command, int row, BudgetReservation r, SqlDialect dialect)
    {
        object Time(DateTime? t) => ColumnValues.Time(t, dialect);
        var at = row * Columns.Length;
        object?[] values = [r.Id, r.RequestId, r.OrgUnitId, r.Provider is { } provider ? (int)provider : null, r.Model, r.AmountMicros, Time(r.CreatedUtc), Time(r.ExpiresUtc), (int)r.Status, Time(r.ClosedUtc)];
        for (var i = 0; i < values.Length; i++) command.Parameters[at + i].Value = values[i] ?? DBNull.Value;
    }

    private static BudgetReservation Copy(BudgetReservation r) => new()
    {
        Id = r.Id, RequestId = r.RequestId, OrgUnitId = r.OrgUnitId, Provider = r.Provider, Model = r.Model, AmountMicros = r.AmountMicros,
        CreatedUtc = r.CreatedUtc, ExpiresUtc = r.ExpiresUtc, Status = r.Status, ClosedUtc = r.ClosedUtc,
    };
}
