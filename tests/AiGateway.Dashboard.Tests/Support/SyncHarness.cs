using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Features.Fx;
using Microsoft.Extensions.Options;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Providers;
using AiGateway.Dashboard.Providers.Simulated;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using AiGateway.Dashboard.Providers.Anthropic;
using AiGateway.Dashboard.Providers.Http;
using AiGateway.Dashboard.Providers.OpenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Dashboard.Tests.Support;

/// <summary>The real sync service over a real SQLite file, with a fixed clock.</summary>
public sealed class SyncHarness : IAsyncDisposable
{
    public static readonly DateOnly Today = new(2026, 11, 20);

    private SyncHarness(TestDatabase db, FakeTimeProvider time, IBillingClient[] extraClients)
    {
        Db = db;
        Time = time;
        Secrets = new SecretProtector(new EphemeralDataProtectionProvider());

        // The provider HTTP stack exactly as the app wires it, with short delays so that retries take milliseconds.
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(TimeProvider.System);
        services.AddProviderHttp(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Providers:Http:BaseDelay"] = "00:00:00.010",
            ["Providers:Http:RetryAfterCap"] = "00:00:03",
            ["Providers:Http:AttemptTimeout"] = "00:00:02",
            ["Providers:Http:TotalTimeout"] = "00:00:20",
        }).Build());
        _services = services.BuildServiceProvider();
        var http = _services.GetRequiredService<ProviderHttp>();

        IBillingClient[] defaults = [new SimulatedBillingClient(), new OpenAIBillingClient(http), new AnthropicBillingClient(http), new AiGateway.Dashboard.Providers.Azure.AzureCostClient(http, time), new AiGateway.Dashboard.Providers.Aws.BedrockCostClient(http, time),
            new AiGateway.Dashboard.Providers.Mistral.MistralBillingClient(http), new AiGateway.Dashboard.Providers.Vertex.VertexBillingClient(http, time), new AiGateway.Dashboard.Providers.OpenRouter.OpenRouterBillingClient(http, time),
            new AiGateway.Dashboard.Providers.Focus.FocusFileClient(_services.GetRequiredService<IHttpClientFactory>(), Options.Create(new FocusOptions { UploadFolder = Path.Combine(Path.GetTempPath(), "aigw-focus-uploads-" + Guid.NewGuid().ToString("N")) }),
                new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() })];
        Registry = new BillingClientRegistry(defaults.Where(d => extraClients.All(e => e.Kind != d.Kind)).Concat(extraClients));
        var gate = new DatabaseWriteGate(true);
        Prices = new AiGateway.Dashboard.Features.Prices.PricesService(db, gate, _services, time, _services.GetRequiredService<ILogger<AiGateway.Dashboard.Features.Prices.PricesService>>());
        Fx = new FxService(db, gate, Changes, Options.Create(new FxOptions()), _services.GetRequiredService<IHttpClientFactory>(), Prices, time, _services.GetRequiredService<ILogger<FxService>>());
        Service = new SyncService(db, Registry, Secrets, new SyncGuard(), gate,
            Notifier, Changes, Fx, time, _services.GetRequiredService<ILogger<SyncService>>());
    }

    private readonly ServiceProvider _services;

    public CapturingLoggerProvider Logs { get; } = new();
    public BillingClientRegistry Registry { get; }

    public TestDatabase Db { get; }
    public FakeTimeProvider Time { get; }
    public SecretProtector Secrets { get; }
    public SyncNotifier Notifier { get; } = new();
    public AiGateway.Dashboard.Features.Changes.ChangeSignal Changes { get; } = new();
    public SyncService Service { get; }
    public FxService Fx { get; }
    public AiGateway.Dashboard.Features.Prices.PricesService Prices { get; }

    public static async Task<SyncHarness> CreateAsync(params IBillingClient[] extraClients)
    {
        var db = await TestDatabase.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero));
        return new SyncHarness(db, time, [new SimulatedBillingClient(), .. extraClients]);
    }

    public async Task<ProviderConnection> AddConnectionAsync(ProviderKind kind = ProviderKind.Simulated, string? name = null, int backfillDays = 30,
        Uri? baseUrl = null, string? secret = null)
    {
        await using var context = Db.CreateDbContext();
        var connection = new ProviderConnection
        {
            Kind = kind,
            BaseUrl = baseUrl?.ToString(),
            EncryptedSecret = secret is null ? null : Secrets.Protect(secret),
            SecretHint = secret is null ? null : SecretProtector.Hint(secret),
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
        return await context.Rollups.Where(r => r.ConnectionId == connectionId && r.Grain == RollupGrain.Day).SumAsync(r => r.CostMicros);
    }

    public async Task<int> RowCountAsync(int connectionId)
    {
        await using var context = Db.CreateDbContext();
        return await context.CostRecords.CountAsync(r => r.ConnectionId == connectionId);
    }

    public async Task<Dictionary<DateOnly, long>> BilledMicrosByDayAsync(int connectionId)
    {
        await using var context = Db.CreateDbContext();
        return (await context.CostRecords.Where(r => r.ConnectionId == connectionId && r.Kind == CostKind.Billed)
                .Select(r => new { r.UsageDate, r.CostMicros }).ToListAsync())
            .GroupBy(r => r.UsageDate).ToDictionary(g => g.Key, g => g.Sum(r => r.CostMicros));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Db.DisposeAsync();
    }
}
