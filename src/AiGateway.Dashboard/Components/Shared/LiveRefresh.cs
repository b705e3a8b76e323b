using AiGateway.Dashboard.Features.Budgets;

namespace AiGateway.Dashboard.Components.Shared;

/// <summary>
/// Reloads a page when a gateway batch moves the live figures (<see cref="BudgetSnapshot.Replaced"/>), at most once per
/// <c>every</c>, so a page ticks within a second without reloading for every batch. Dispose it with the page.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    private readonly BudgetSnapshot _snapshot;
    private readonly TimeProvider _clock;
    private readonly Func<Task> _reload;
    private readonly TimeSpan _every;
    private DateTimeOffset _last;
    private int _running;

    /// <param name="reload">Reloads and re-renders (inside the component's <c>InvokeAsync</c>).</param>
    public LiveRefresh(BudgetSnapshot snapshot, TimeProvider clock, Func<Task> reload, TimeSpan? every = null)
    {
        (_snapshot, _clock, _reload, _every) = (snapshot, clock, reload, every ?? TimeSpan.FromSeconds(1));
        _snapshot.Replaced += OnReplaced;
    }

    /// <summary>How many live reloads the page has had.</summary>
    public int Ticks { get; private set; }

    private void OnReplaced()
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

    public void Dispose() => _snapshot.Replaced -= OnReplaced;
}
