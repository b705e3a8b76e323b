using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Features.Notifications;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Tests.Support;

/// <summary>
/// Budgets over a real synced SQLite file: an org (root) with a Search team, whose Support-bot project gets the
/// simulated spend of <c>proj_support_bot</c>. The Search team has one owner; Finance gets alerts too.
/// </summary>
public sealed class BudgetHarness : IAsyncDisposable
{
    public const string OwnerEmail = "owner@contoso.test";
    public const string FinanceEmail = "finance-dl@contoso.test";

    private BudgetHarness(SyncHarness sync, NotificationsOptions notifications)
    {
        Sync = sync;
        Notifications = notifications;
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        WebhookSender.AddWebhookHttpClient(services);
        _services = services.BuildServiceProvider();
        var monitor = new FixedOptionsMonitor<NotificationsOptions>(notifications);
        Publisher = new NotificationPublisher(monitor, sync.Time);
        Dispatcher = new NotificationDispatcher(sync.Db, new EmailSender(monitor), new WebhookSender(_services.GetRequiredService<IHttpClientFactory>(), monitor, sync.Time),
            monitor, sync.Time, _services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<NotificationDispatcher>>());
        Evaluator = NewEvaluator();
        Service = new BudgetsService(sync.Db, Evaluator, Snapshot, Options.Create(new BudgetsOptions { MaxAmount = 1_000_000m }), Options.Create(new ReportingOptions()), sync.Time);
    }

    private readonly ServiceProvider _services;

    public SyncHarness Sync { get; }
    public CapturingLoggerProvider Logs { get; } = new();
    public NotificationsOptions Notifications { get; }
    public NotificationPublisher Publisher { get; }
    public NotificationDispatcher Dispatcher { get; }
    public BudgetEvaluator Evaluator { get; }
    public BudgetsService Service { get; }
    public int RootId { get; private set; }
    public int SearchId { get; private set; }
    public int BotId { get; private set; }

    public static ClaimsPrincipal Person(string role, string email = "someone@contoso.test") =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Email, email), new Claim(ClaimTypes.Role, role)], "Test"));

    public static ClaimsPrincipal Finance { get; } = Person(Roles.Finance, "fay@contoso.test");

    public static async Task<BudgetHarness> CreateAsync(NotificationsOptions? notifications = null)
    {
        var sync = await SyncHarness.CreateAsync();
        var h = new BudgetHarness(sync, notifications ?? new NotificationsOptions { FinanceRecipients = [FinanceEmail] });
        await using (var db = sync.Db.CreateDbContext())
        {
            var root = new OrgUnit { Code = "contoso", Name = "Contoso", Kind = OrgUnitKind.Organization };
            db.OrgUnits.Add(root);
            await db.SaveChangesAsync();
            var search = new OrgUnit { Code = "search", Name = "Search", Kind = OrgUnitKind.Team, ParentId = root.Id };
            db.OrgUnits.Add(search);
            await db.SaveChangesAsync();
            var bot = new OrgUnit { Code = "support-bot", Name = "Support bot", Kind = OrgUnitKind.Project, ParentId = search.Id };
            db.OrgUnits.Add(bot);
            await db.SaveChangesAsync();
            db.AllocationRules.Add(new AllocationRule { Priority = 10, ProjectId = "proj_support_bot", OrgUnitId = bot.Id });
            db.OrgUnitMembers.Add(new OrgUnitMember { OrgUnitId = search.Id, UserEmail = OwnerEmail, IsOwner = true });
            await db.SaveChangesAsync();
            (h.RootId, h.SearchId, h.BotId) = (root.Id, search.Id, bot.Id);
        }
        var connection = await sync.AddConnectionAsync(backfillDays: 60);
        (await sync.Service.RunAsync(connection.Id, SyncTrigger.Manual, CancellationToken.None)).Status.ShouldBe(SyncRunStatus.Succeeded);
        return h;
    }

    /// <summary>The snapshot the harness's evaluator fills (and the service reads its warnings from).</summary>
    public BudgetSnapshot Snapshot { get; } = new();

    /// <summary>A second evaluator over the same database, as another process would have (its own locks and estimate writer).</summary>
    public BudgetEvaluator NewEvaluator()
    {
        var gate = new AiGateway.Dashboard.Data.DatabaseWriteGate(true);
        return new(Sync.Db, new SpendQueries(Sync.Db, Sync.Time), Snapshot, Publisher, _services, gate,
            new AiGateway.Dashboard.Features.Usage.EstimateRefresher(Sync.Db, gate, Sync.Time, NullLogger<AiGateway.Dashboard.Features.Usage.EstimateRefresher>.Instance),
            Options.Create(new ReportingOptions()), Sync.Time, NullLogger<BudgetEvaluator>.Instance);
    }

    /// <summary>Month-to-date spend of a unit's subtree, straight from the facts.</summary>
    public async Task<long> MonthToDateMicrosAsync(int unitId)
    {
        await using var db = Sync.Db.CreateDbContext();
        var from = new DateOnly(SyncHarness.Today.Year, SyncHarness.Today.Month, 1);
        var units = unitId == RootId ? new[] { RootId, SearchId, BotId } : unitId == SearchId ? [SearchId, BotId] : [unitId];
        return await db.CostRecords.Where(r => r.OrgUnitId != null && units.Contains(r.OrgUnitId.Value) && r.UsageDate >= from && r.UsageDate <= SyncHarness.Today).SumAsync(r => r.CostMicros);
    }

    /// <summary>A monthly budget for Search sized so that month-to-date spend is <paramref name="usedPercent"/> of it.</summary>
    public async Task<int> SearchBudgetAtAsync(decimal usedPercent, string thresholds = BudgetThresholds.Default, bool forecastAlert = true, bool hardLimit = false)
    {
        var actual = await MonthToDateMicrosAsync(SearchId);
        actual.ShouldBeGreaterThan(0);
        var amount = decimal.Round(Money.Reporting(actual).ToMajor() * 100m / usedPercent, 2);
        return await Service.SaveAsync(Finance, new BudgetInput(0, SearchId, PeriodKind.Monthly, amount, thresholds, forecastAlert, hardLimit), CancellationToken.None);
    }

    public async Task<List<AlertEvent>> AlertsAsync()
    {
        await using var db = Sync.Db.CreateDbContext();
        return await db.AlertEvents.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<List<Notification>> NotificationsAsync()
    {
        await using var db = Sync.Db.CreateDbContext();
        return await db.Notifications.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<List<NotificationDelivery>> DeliveriesAsync()
    {
        await using var db = Sync.Db.CreateDbContext();
        return await db.NotificationDeliveries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Sync.DisposeAsync();
    }
}

public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
