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
        await _gate.WaitAsync(cancellationToken);
        return new Releaser(_gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    private sealed class NoOp : IDisposable
    {
        public static readonly NoOp Instance = new();

        public void Dispose()
        {
        }
    }
}
