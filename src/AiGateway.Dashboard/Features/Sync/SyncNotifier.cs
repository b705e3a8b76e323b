namespace AiGateway.Dashboard.Features.Sync;

/// <summary>Broadcasts sync progress and completion to open pages (Blazor Server circuits subscribe).</summary>
public sealed class SyncNotifier
{
    public event Action<SyncProgress>? Changed;

    /// <summary>A broken subscriber (a closed circuit) never fails a sync.</summary>
    public void Publish(SyncProgress progress) => Changes.Listeners.Notify(Changed, progress);
}
