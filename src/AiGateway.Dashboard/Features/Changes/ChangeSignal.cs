using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Changes;

/// <summary>
/// The typed change signal of this process: services say what changed (<see cref="DataChange"/>), pages and background
/// work listen for the kinds they show. Sync progress has its own channel (<see cref="Sync.SyncNotifier"/>).
/// </summary>
public sealed class ChangeSignal
{
    public event Action<DataChange>? Changed;

    public void Publish(DataChange change) => Listeners.Notify(Changed, change);
}
