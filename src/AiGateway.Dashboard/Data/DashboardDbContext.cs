using AiGateway.Dashboard.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// The model, shared by both databases. Each database has its own subclass with its own migrations
/// (<see cref="SqliteDashboardDbContext"/>, <see cref="SqlServerDashboardDbContext"/>).
/// </summary>
public abstract class DashboardDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<ProviderConnection> Connections => Set<ProviderConnection>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<CostRecord> CostRecords => Set<CostRecord>();
    public DbSet<SpendRollup> Rollups => Set<SpendRollup>();
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<OrgUnitMember> OrgUnitMembers => Set<OrgUnitMember>();
    public DbSet<AllocationRule> AllocationRules => Set<AllocationRule>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<BudgetOverride> BudgetOverrides => Set<BudgetOverride>();
    public DbSet<BudgetAmountChange> BudgetAmountChanges => Set<BudgetAmountChange>();
    public DbSet<BudgetAdjustment> BudgetAdjustments => Set<BudgetAdjustment>();
    public DbSet<BudgetRequest> BudgetRequests => Set<BudgetRequest>();
    public DbSet<ReportArchive> ReportArchives => Set<ReportArchive>();
    public DbSet<BookMonth> BookMonths => Set<BookMonth>();
    public DbSet<ModelPrice> ModelPrices => Set<ModelPrice>();
    public DbSet<PriceDiscount> PriceDiscounts => Set<PriceDiscount>();
    public DbSet<UsageHour> UsageHours => Set<UsageHour>();
    public DbSet<UsageEventId> UsageEventIds => Set<UsageEventId>();
    public DbSet<BudgetReservation> BudgetReservations => Set<BudgetReservation>();
    public DbSet<SystemAlert> SystemAlerts => Set<SystemAlert>();
    public DbSet<AccrualSnapshot> AccrualSnapshots => Set<AccrualSnapshot>();
    public DbSet<AlertEvent> AlertEvents => Set<AlertEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ProviderEntity> ProviderEntities => Set<ProviderEntity>();
    public DbSet<OutcomeMetric> OutcomeMetrics => Set<OutcomeMetric>();
    public DbSet<OutcomeCount> OutcomeCounts => Set<OutcomeCount>();
    public DbSet<FxRate> FxRates => Set<FxRate>();
    public DbSet<ChangeEvent> ChangeEvents => Set<ChangeEvent>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The closed months: what the sync, re-allocation, budgets and deletions must leave as they are.</summary>
    public async Task<ClosedMonths> ClosedMonthsAsync(CancellationToken cancellationToken) =>
        new(await BookMonths.AsNoTracking().Where(m => m.Closed).Select(m => m.Month).ToListAsync(cancellationToken));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite forgets the kind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);
}
