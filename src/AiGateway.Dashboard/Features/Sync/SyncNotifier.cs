namespace AiGateway.Dashboard.Features.Sync;

/// <summary>Broadcasts sync progress and completion to open pages (Blazor Server circuits subscribe).</summary>
public sealed class SyncNotifier
{
    public event Action<SyncProgress>? Changed;

    public void Publish(SyncProgress progress)
    {
        var handlers = Changed;
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<SyncProgress>>())
        {
            try
            {
                handler(progress);
            }
            catch (Exception)
            {
                // A broken subscriber (a closed circuit) must never fail a sync.
            }
        }
    }
}
