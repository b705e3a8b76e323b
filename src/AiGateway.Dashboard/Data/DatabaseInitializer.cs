using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.Features.Demo;
using AiGateway.Dashboard.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// At start, before the job server and the web server: apply migrations, upsert declared connections,
/// seed the demo (first sync included) and schedule the jobs. A failure here stops the app.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<DashboardDbContext> dbFactory,
    DeclaredConnections declaredConnections,
    DemoSeeder demoSeeder,
    SyncSchedule schedule,
    Features.Budgets.BudgetEvaluator budgets,
    Features.Budgets.BudgetLedger ledger,
    KeyRingMigration keyRing,
    Features.Sync.InterruptedRunsService interruptedRuns,
    Features.Prices.PricesService prices,
    IOptions<JobsOptions> jobs,
    IBackgroundJobClient backgroundJobs,
    IOptions<DemoOptions> demo,
    ILogger<DatabaseInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                // WAL lets pages read while a sync writes; the setting is stored in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        await EnsureReportingCurrencyAsync(cancellationToken);
        await interruptedRuns.FailInterruptedAsync(atStart: true, cancellationToken);
        await keyRing.RunAsync(cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Rollups are derived: a database upgraded from before a rollup change (the lean grains of decision 023
            // are the latest) gets them rebuilt once.
            if (!await db.Rollups.AnyAsync(r => r.Grain == Domain.RollupGrain.UnitDay, cancellationToken) && await db.CostRecords.AnyAsync(cancellationToken))
            {
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                await RollupBuilder.RebuildAllAsync(db, cancellationToken);
                await tx.CommitAsync(cancellationToken);
                log.LogInformation("Rollups rebuilt from the cost records");
            }
        }
        await declaredConnections.UpsertAsync(cancellationToken);
        // A catalog with new or changed prices re-prices the gateway estimates of open months.
        if (await prices.LoadCatalogAsync(Features.Prices.PriceCatalog.Load(), cancellationToken) > 0) await prices.RecostAsync(Domain.DateLimits.Earliest, cancellationToken);
        if (demo.Value.Seed)
        {
            await demoSeeder.SeedAsync(cancellationToken);
        }
        await schedule.RegisterAllAsync(cancellationToken);
        // A month-end archive missed while the app was down (in-memory job storage forgets it) runs now, in the background.
        if (jobs.Value.RunsServer) backgroundJobs.Enqueue<MonthlyReportJob>(j => j.CatchUpAsync(CancellationToken.None));
        // The gateways' budget check answers from memory: fill it before the first request.
        await budgets.EvaluateAsync(cancellationToken);
        await ledger.LoadAsync(cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // The data source names the file or server only; a connection string's password never reaches the log.
            var connection = db.Database.GetDbConnection();
            log.LogInformation("Database ready: {Provider} {DataSource} {Database}", db.Database.ProviderName, connection.DataSource, connection.Database);
        }
    }

    /// <summary>An installation keeps its reporting currency: figures stored in another one would be summed with these.</summary>
    private async Task EnsureReportingCurrencyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var code = Domain.ReportingCurrency.Code;
        var stored = await db.CostRecords.Where(r => r.Currency != code).Select(r => r.Currency).FirstOrDefaultAsync(cancellationToken)
                     ?? await db.Budgets.Where(b => b.Currency != code).Select(b => b.Currency).FirstOrDefaultAsync(cancellationToken);
        if (stored is not null)
            throw new DashboardConfigurationException("Reporting:Currency",
                $"'{code}', but this database's figures are in {stored}. An installation keeps the reporting currency it started with (its closed months and budgets are in it); set Reporting:Currency back to {stored}.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
