namespace AiGateway.Dashboard.Data;

/// <summary>Releases a semaphore once, however often it is disposed.</summary>
public sealed class SemaphoreLease(SemaphoreSlim gate) : IDisposable
{
    private int _released;

    public static async Task<IDisposable> AcquireAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return new SemaphoreLease(gate);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
    }
}
