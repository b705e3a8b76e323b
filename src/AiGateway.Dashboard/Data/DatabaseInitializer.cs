using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.Features.Demo;
using AiGateway.Dashboard.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Data;

/// <summary>At start: apply migrations, upsert declared connections, seed the demo, schedule the jobs.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDashboardAsync(this WebApplication app)
    {
        var sp = app.Services;
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        await using (var db = await sp.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            if (db.Database.IsSqlite())
            {
                // WAL lets pages read while a sync writes; the setting is stored in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }
        await sp.GetRequiredService<DeclaredConnections>().UpsertAsync(CancellationToken.None);
        if (sp.GetRequiredService<IOptions<DemoOptions>>().Value.Seed)
        {
            await sp.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }
        await sp.GetRequiredService<SyncSchedule>().RegisterAllAsync(CancellationToken.None);
        log.LogInformation("Database ready");
    }
}
