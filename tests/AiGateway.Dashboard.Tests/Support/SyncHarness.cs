using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Providers;
using AiGateway.Dashboard.Providers.Simulated;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Dashboard.Tests.Support;

/// <summary>The real sync service over a real SQLite file, with a fixed clock.</summary>
public sealed class SyncHarness : IAsyncDisposable
{
    public static readonly DateOnly Today = new(2026, 11, 20);

    private SyncHarness(TestDatabase db, FakeTimeProvider time, IBillingClient[] clients)
    {
        Db = db;
        Time = time;
        Secrets = new SecretProtector(new EphemeralDataProtectionProvider());
        Service = new SyncService(db, new BillingClientRegistry(clients), Secrets, new SyncGuard(), new DatabaseWriteGate(true),
            Notifier, time, NullLogger<SyncService>.Instance);
    }

    public TestDatabase Db { get; }
    public FakeTimeProvider Time { get; }
    public SecretProtector Secrets { get; }
    public SyncNotifier Notifier { get; } = new();
    public SyncService Service { get; }

    public static async Task<SyncHarness> CreateAsync(params IBillingClient[] extraClients)
    {
        var db = await TestDatabase.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero));
        return new SyncHarness(db, time, [new SimulatedBillingClient(), .. extraClients]);
    }

    public async Task<ProviderConnection> AddConnectionAsync(ProviderKind kind = ProviderKind.Simulated, string? name = null, int backfillDays = 30)
    {
        await using var context = Db.CreateDbContext();
        var connection = new ProviderConnection
        {
            Kind = kind,
            Name = name ?? $"{kind} {Guid.NewGuid():N}",
            Settings = new SimulatedSettings(42, Today).ToJson(),
            BackfillDays = backfillDays,
            OverlapDays = 3,
            CreatedUtc = Time.GetUtcNow().UtcDateTime,
        };
        context.Connections.Add(connection);
        await context.SaveChangesAsync();
        return connection;
    }

    public async Task SetKindAsync(int connectionId, ProviderKind kind)
    {
        await using var context = Db.CreateDbContext();
        await context.Connections.Where(c => c.Id == connectionId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Kind, kind));
    }

    public async Task<long> TotalMicrosAsync(int connectionId)
    {
        await using var context = Db.CreateDbContext();
        return await context.CostRecords.Where(r => r.ConnectionId == connectionId).SumAsync(r => r.CostMicros);
    }

    public async Task<long> RollupTotalMicrosAsync(int connectionId)
    {
        await using var context = Db.CreateDbContext();
        return await context.DailyRollups.Where(r => r.ConnectionId == connectionId).SumAsync(r => r.CostMicros);
    }

    public async Task<int> RowCountAsync(int connectionId)
    {
        await using var context = Db.CreateDbContext();
        return await context.CostRecords.CountAsync(r => r.ConnectionId == connectionId);
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
