using AiGateway.Dashboard.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

public static class DataRegistration
{
    public static IHostApplicationBuilder AddDashboardData(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? DatabaseOptions.Sqlite;
        var connectionString = builder.Configuration.GetConnectionString("Dashboard");
        // Registered before Data Protection's own hosted service, which reads the key ring from the migrated tables.
        builder.Services.AddHostedService<DatabaseInitializer>();

        if (provider.Equals(DatabaseOptions.SqlServer, StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddDbContextFactory<SqlServerDashboardDbContext>(o => o.UseSqlServer(connectionString));
            builder.Services.AddSingleton<IDbContextFactory<DashboardDbContext>, DashboardDbContextFactory<SqlServerDashboardDbContext>>();
            builder.Services.AddSingleton(new DatabaseWriteGate(serialize: false));
            builder.AddKeyRing<SqlServerDashboardDbContext>();
        }
        else if (provider.Equals(DatabaseOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            PostgreSqlDatabase.EnsureExists(connectionString!);
            builder.Services.AddDbContextFactory<PostgreSqlDashboardDbContext>(o => o.UseNpgsql(connectionString));
            builder.Services.AddSingleton<IDbContextFactory<DashboardDbContext>, DashboardDbContextFactory<PostgreSqlDashboardDbContext>>();
            builder.Services.AddSingleton(new DatabaseWriteGate(serialize: false));
            builder.AddKeyRing<PostgreSqlDashboardDbContext>();
        }
        else
        {
            var sqlite = PrepareSqliteConnectionString(string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString, builder.Environment.ContentRootPath);
            builder.Services.AddDbContextFactory<SqliteDashboardDbContext>(o => o.UseSqlite(sqlite));
            builder.Services.AddSingleton<IDbContextFactory<DashboardDbContext>, DashboardDbContextFactory<SqliteDashboardDbContext>>();
            builder.Services.AddSingleton(new DatabaseWriteGate(serialize: true));
            builder.AddKeyRing<SqliteDashboardDbContext>();
        }
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    // A relative file (the default data/dashboard.db) lives under the content root, wherever the process was
    // started from; its folder is created on first run.
    private static string PrepareSqliteConnectionString(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            csb.DataSource = Path.GetFullPath(csb.DataSource, contentRoot);
            var directory = Path.GetDirectoryName(csb.DataSource);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        }
        return csb.ToString();
    }
}
