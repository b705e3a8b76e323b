using AiGateway.Dashboard.Features.Usage;

namespace AiGateway.Dashboard.Components.Shared;

/// <summary>
/// Reloads a page when gateway batches have moved its totals (<see cref="EstimateRefresher.Refreshed"/>), at most once per
/// <c>every</c>, so a page ticks within a second without reloading for every batch. Dispose it with the page.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    private readonly EstimateRefresher _estimates;
    private readonly TimeProvider _clock;
    private readonly Func<Task> _reload;
    private readonly TimeSpan _every;
    private DateTimeOffset _last;
    private int _running;

    /// <param name="reload">Reloads and re-renders (inside the component's <c>InvokeAsync</c>).</param>
    public LiveRefresh(EstimateRefresher estimates, TimeProvider clock, Func<Task> reload, TimeSpan? every = null)
    {
        (_estimates, _clock, _reload, _every) = (estimates, clock, reload, every ?? TimeSpan.FromSeconds(1));
        _estimates.Refreshed += OnRefreshed;
    }

    /// <summary>How many live reloads the page has had.</summary>
    public int Ticks { get; private set; }

    private void OnRefreshed()
    {
        var now = _clock.GetUtcNow();
        if (now - _last < _every || Interlocked.Exchange(ref _running, 1) == 1) return;
        _last = now;
        _ = Task.Run(async () =>
        {
            try
            {
                Ticks++;
                await _reload();
            }
            catch (ObjectDisposedException)
            {
                // The page closed meanwhile.
            }
            finally
            {
                Interlocked.Exchange(ref _running, 0);
            }
        });
    }

    public void Dispose() => _estimates.Refreshed -= OnRefreshed;
}
