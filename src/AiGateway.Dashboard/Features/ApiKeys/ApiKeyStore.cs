using System.Collections.Concurrent;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Changes;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.ApiKeys;

/// <summary>
/// The app-made API keys a request is checked against, held in memory by SHA-256. Every node reloads them when a key is
/// made or revoked on any node (<see cref="ChangeKind.ApiKeys"/>), and reads an entry again from the database when it is
/// older than <see cref="Recheck"/>, so a revocation counts on every node within that even if a signal was lost. A key
/// this node has not seen is looked up in the database (made a moment ago on another node). Last use, time and address,
/// is gathered in memory and written every <see cref="FlushEvery"/>, never on the request's path.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<DashboardDbContext> dbFactory, ChangeSignal changes, TimeProvider time, ILogger<ApiKeyStore> log)
    : BackgroundService
{
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(10);

    private sealed record Entry(ApiKey? Key, DateTime ReadUtc);

    private readonly ConcurrentDictionary<string, Entry> _bySha = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, (DateTime At, string? From)> _used = new();

    /// <summary>The key whose SHA-256 this is, as of at most <see cref="Recheck"/> ago; null when no app-made key has it.</summary>
    public async Task<ApiKey?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_bySha.TryGetValue(sha256, out var entry) && now - entry.ReadUtc < Recheck) return entry.Key;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Sha256 == sha256, cancellationToken);
        // Unknown hashes are not remembered: a guesser must not fill the memory.
        if (key is null) _bySha.TryRemove(sha256, out _);
        else _bySha[sha256] = new Entry(key, now);
        return key;
    }

    public void RecordUse(ApiKey key, string? from) => _used[key.Id] = (time.GetUtcNow().UtcDateTime, from);

    /// <summary>Last use not written yet, for pages that show it at once.</summary>
    public (DateTime At, string? From)? PendingUseOf(int keyId) => _used.TryGetValue(keyId, out var use) ? use : null;

    private void OnChanged(DataChange change)
    {
        if (change.Concerns(ChangeKind.ApiKeys)) _bySha.Clear(); // the next request of each key reads it again
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes.Changed += OnChanged;
        try
        {
            using var timer = new PeriodicTimer(FlushEvery, time);
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Changed -= OnChanged;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Writes the last use of every key used since the last flush (a later use already written is kept).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var uses = _used.ToArray();
        if (uses.Length == 0) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var (id, (at, from)) in uses)
            {
                await db.ApiKeys.Where(k => k.Id == id && (k.LastUsedUtc == null || k.LastUsedUtc < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedUtc, at).SetProperty(k => k.LastUsedFrom, from), cancellationToken);
                _used.TryRemove(new KeyValuePair<int, (DateTime, string?)>(id, (at, from)));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "The last use of {Count} API key(s) could not be written; kept for the next flush", uses.Length);
        }
    }
}
