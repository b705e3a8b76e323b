namespace AiGateway.Dashboard.Data;

/// <summary>
/// SQLite allows one writer at a time and EF surfaces "database is locked" under concurrent writers,
/// so large write transactions on SQLite take this gate. On SQL Server it never waits.
/// </summary>
public sealed class DatabaseWriteGate(bool serialize)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!serialize) return NoOp.Instance;
        return await SemaphoreLease.AcquireAsync(_gate, cancellationToken);
    }

    private sealed class NoOp : IDisposable
    {
        public static readonly NoOp Instance = new();

        public void Dispose()
        {
        }
    }
}
