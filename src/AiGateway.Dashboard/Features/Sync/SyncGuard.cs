using System.Collections.Concurrent;
using AiGateway.Dashboard.Data;

namespace AiGateway.Dashboard.Features.Sync;

/// <summary>
/// In-process guard: runs of the same connection never interleave (the second waits); runs of
/// different connections never block each other. Across processes the Hangfire job adds a distributed lock.
/// </summary>
public sealed class SyncGuard
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> AcquireAsync(int connectionId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(connectionId, _ => new SemaphoreSlim(1, 1));
        return await SemaphoreLease.AcquireAsync(gate, cancellationToken);
    }

    public bool IsRunning(int connectionId) => _locks.TryGetValue(connectionId, out var gate) && gate.CurrentCount == 0;
}
