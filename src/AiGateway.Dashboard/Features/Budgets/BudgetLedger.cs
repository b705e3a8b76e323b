using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// Budget reservations: a gateway reserves a request's worst-case cost before sending it, and is refused when the
/// actual spend (live estimates included) plus the open reservations plus this one would pass a hard-limited budget of
/// the unit or an ancestor. Decisions are taken one at a time, so 50 simultaneous reservations of $1 against $10 of room
/// allow exactly 10, on one node or many: on SQLite (one process owns the file) under a lock in memory, with the
/// reservations written behind the decision and reloaded at start (decision 013); on a shared database by the database
/// itself, under a lock of the unit's tree held by the deciding transaction (<see cref="SharedReservations"/>, decision 020).
/// Reservations end when a usage event settles them, the gateway releases them, or they expire.
/// </summary>
public sealed class BudgetLedger(BudgetSnapshot snapshot, BudgetEvaluator evaluator, ReservationWriter writer, IDbContextFactory<DashboardDbContext> dbFactory,
    TimeProvider time, ILogger<BudgetLedger> log)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byRequest = new(StringComparer.Ordinal);
    private readonly ReservedIndex _reserved = new();
    private readonly PriorityQueue<string, DateTime> _expiry = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly SharedReservations _sharedStore = new(dbFactory, snapshot);
    private bool? _shared;

    /// <summary>A reservation in memory until its time to live ends (closed ones too, so a repeated release or settle answers the same).</summary>
    private sealed record Held(BudgetReservation Reservation, int[] Lineage);

    /// <summary>Open reservations held now (on a shared database, by every node).</summary>
    public async Task<int> OpenCountAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (await IsSharedAsync(cancellationToken)) return await _sharedStore.OpenCountAsync(now, cancellationToken);
        lock (_sync)
        {
            Sweep(now);
            return _held.Values.Count(h => h.Reservation.Status == ReservationStatus.Open);
        }
    }

    /// <summary>The open reservations of the database, read at start (a restart keeps them); on a shared database they are read at each decision instead.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (await IsSharedAsync(cancellationToken)) return;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.BudgetReservations.AsNoTracking().Where(r => r.Status == ReservationStatus.Open && r.ExpiresUtc > now).ToListAsync(cancellationToken);
        lock (_sync)
        {
            foreach (var r in open.Where(r => !_held.ContainsKey(r.Id))) Hold(r);
        }
        if (open.Count > 0) log.LogInformation("{Count} open budget reservation(s) reloaded", open.Count);
    }

    /// <summary>The unit a gateway's request is attributed to; <c>Unknown</c> when an org unit code names none.</summary>
    public (OrgUnit? Unit, bool Unknown) Resolve(GatewayAttribution who)
    {
        if (!string.IsNullOrWhiteSpace(who.OrgUnit))
            return snapshot.UnitByCode(who.OrgUnit.Trim()) is { } unit ? (unit, false) : (null, true);
        return snapshot.Allocator.OrgUnitFor(who.AsRecord()) is { } id && snapshot.UnitOf(id) is { } byRule ? (byRule, false) : (null, false);
    }

    /// <summary>May the unit still spend? Open reservations count as spent.</summary>
    public async Task<BudgetCheck> CheckAsync(OrgUnit unit, CancellationToken cancellationToken)
    {
        await EnsureCurrentAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var current = snapshot.UnitOf(unit.Id) ?? unit;
        if (await IsSharedAsync(cancellationToken)) return snapshot.Check(current, (await _sharedStore.OpenAsync(now, cancellationToken)).Of);
        lock (_sync)
        {
            Sweep(now);
            return snapshot.Check(current, _reserved.Of);
        }
    }

    public async Task<ReservationOutcome> ReserveAsync(OrgUnit? unit, long amountMicros, int ttlSeconds, string? requestId, ProviderKind? provider, string? model,
        CancellationToken cancellationToken)
    {
        await EnsureCurrentAsync(cancellationToken);
        var lineage = unit is null ? [] : snapshot.Lineage(unit.Id).ToArray();
        BudgetReservation New(DateTime now) => new()
        {
            Id = BudgetReservation.NewId(), RequestId = requestId, OrgUnitId = unit?.Id, Provider = provider, Model = model, AmountMicros = amountMicros,
            CreatedUtc = now, ExpiresUtc = now.AddSeconds(ttlSeconds), Status = ReservationStatus.Open,
        };
        if (await IsSharedAsync(cancellationToken))
        {
            // The tree's top unit is the lock: reservations of unrelated trees never wait for each other.
            return await _sharedStore.UnderLockAsync(lineage.LastOrDefault(), async db =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                var reserved = await _sharedStore.OpenAsync(db, now, cancellationToken);
                var retry = requestId is null ? null
                    : await db.BudgetReservations.AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == requestId && r.Status == ReservationStatus.Open && r.ExpiresUtc > now, cancellationToken);
                var outcome = Decide(unit, amountMicros, reserved, retry, () => New(now));
                if (outcome.Allowed && outcome.Reservation is { } made && !ReferenceEquals(made, retry)) db.BudgetReservations.Add(made);
                return outcome;
            }, cancellationToken);
        }
        lock (_sync)
        {
            var now = time.GetUtcNow().UtcDateTime;
            Sweep(now);
            var retry = requestId is not null && _byRequest.TryGetValue(requestId, out var again) && _held.TryGetValue(again, out var held) && held.Reservation.Status == ReservationStatus.Open
                ? held.Reservation : null;
            var outcome = Decide(unit, amountMicros, _reserved, retry, () => New(now));
            if (outcome.Allowed && outcome.Reservation is { } made && !ReferenceEquals(made, retry))
            {
                Hold(made);
                writer.Enqueue(made);
            }
            return outcome;
        }
    }

    /// <summary>The decision itself, the same in memory and in the database: a retry gets its reservation back; else the chain must have room.</summary>
    private ReservationOutcome Decide(OrgUnit? unit, long amountMicros, ReservedIndex reserved, BudgetReservation? retry, Func<BudgetReservation> create)
    {
        var chain = unit is null ? [] : snapshot.Chain(unit.Id).Select(s => new BudgetHeadroom(s, reserved.Of(s))).ToList();
        if (retry is not null) return new ReservationOutcome(true, retry, unit, Tightest(chain), null);
        if (BudgetReservation.Blocking(chain, amountMicros) is { } blocking)
        {
            var whose = blocking.Status.OrgUnitId == unit!.Id ? "the unit's" : $"{snapshot.UnitOf(blocking.Status.OrgUnitId)?.Name ?? "an ancestor"}'s";
            return new ReservationOutcome(false, null, unit, blocking,
                $"{Money.Reporting(amountMicros).Format()} would pass {whose} hard-limited {blocking.Status.Period.Label} budget of {Money.Reporting(blocking.Status.BudgetMicros).Format()}: " +
                $"{Money.Reporting(blocking.Status.ActualMicros).Format()} spent and {Money.Reporting(blocking.ReservedMicros).Format()} reserved.");
        }
        var after = Tightest(chain.Select(h => h with { ReservedMicros = h.ReservedMicros + amountMicros }).ToList());
        return new ReservationOutcome(true, create(), unit, after, unit is null ? "not attributed to an org unit: no budget applies" : null);
    }

    /// <summary>Ends a reservation the gateway no longer needs; null when none is held under that id.</summary>
    public async Task<BudgetReservation?> ReleaseAsync(string id, CancellationToken cancellationToken) =>
        await IsSharedAsync(cancellationToken)
            ? await _sharedStore.CloseAsync(id, ReservationStatus.Released, time.GetUtcNow().UtcDateTime, cancellationToken)
            : Close(id, ReservationStatus.Released);

    /// <summary>The usage events that name these reservations arrived: their real cost replaces what they held.</summary>
    public async Task SettleAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        if (await IsSharedAsync(cancellationToken))
        {
            await _sharedStore.SettleAsync(ids, time.GetUtcNow().UtcDateTime, cancellationToken);
            return;
        }
        foreach (var id in ids) Close(id, ReservationStatus.Settled);
    }

    /// <summary>A database other nodes may share: every one but SQLite, whose file one process owns.</summary>
    private async ValueTask<bool> IsSharedAsync(CancellationToken cancellationToken)
    {
        if (_shared is { } known) return known;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (_shared = !db.Database.IsSqlite()).Value;
    }

    private BudgetReservation? Close(string id, ReservationStatus status)
    {
        lock (_sync)
        {
            var now = time.GetUtcNow().UtcDateTime;
            Sweep(now);
            if (!_held.TryGetValue(id, out var held)) return null;
            if (held.Reservation.Status != ReservationStatus.Open) return held.Reservation;
            End(held, status, now);
            return held.Reservation;
        }
    }

    private void Hold(BudgetReservation r)
    {
        var lineage = r.OrgUnitId is { } unit ? snapshot.Lineage(unit).ToArray() : [];
        _held[r.Id] = new Held(r, lineage);
        if (r.RequestId is not null) _byRequest[r.RequestId] = r.Id;
        _reserved.Add(lineage, DateOnly.FromDateTime(r.CreatedUtc), r.AmountMicros);
        _expiry.Enqueue(r.Id, r.ExpiresUtc);
    }

    private void End(Held held, ReservationStatus status, DateTime now)
    {
        held.Reservation.Status = status;
        held.Reservation.ClosedUtc = now;
        _reserved.Add(held.Lineage, DateOnly.FromDateTime(held.Reservation.CreatedUtc), -held.Reservation.AmountMicros);
        // An expiry needs no write: a stored reservation past its time is expired by definition (and never reloaded).
        if (status != ReservationStatus.Expired) writer.Enqueue(held.Reservation);
    }

    /// <summary>Expires what ran out and forgets what ended before now.</summary>
    private void Sweep(DateTime now)
    {
        while (_expiry.TryPeek(out var id, out var expires) && expires <= now)
        {
            _expiry.Dequeue();
            if (!_held.Remove(id, out var held)) continue;
            if (held.Reservation.RequestId is { } requestId && _byRequest.GetValueOrDefault(requestId) == id) _byRequest.Remove(requestId);
            if (held.Reservation.Status == ReservationStatus.Open) End(held, ReservationStatus.Expired, now);
        }
    }

    private static BudgetHeadroom? Tightest(IReadOnlyList<BudgetHeadroom> chain) =>
        chain.Where(h => h.Status.HardLimit).MinBy(h => h.RemainingMicros) ?? chain.FirstOrDefault();

    /// <summary>A new UTC day may start a new period: evaluate once before answering, so it starts fresh at 00:00 UTC.</summary>
    private async Task EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (snapshot.IsCurrentFor(today)) return;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (!snapshot.IsCurrentFor(today)) await evaluator.EvaluateAsync(cancellationToken);
        }
        finally
        {
            _refresh.Release();
        }
    }
}
