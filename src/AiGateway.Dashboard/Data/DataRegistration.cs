using AiGateway.Dashboard.Configuration;
using Microsoft.AspNetCore.DataProtection;
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
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("AiGateway.Dashboard");

        if (provider.Equals(DatabaseOptions.SqlServer, StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddDbContextFactory<SqlServerDashboardDbContext>(o => o.UseSqlServer(connectionString));
            builder.Services.AddSingleton<IDbContextFactory<DashboardDbContext>, DashboardDbContextFactory<SqlServerDashboardDbContext>>();
            builder.Services.AddSingleton(new DatabaseWriteGate(serialize: false));
            dataProtection.PersistKeysToDbContext<SqlServerDashboardDbContext>();
        }
        else
        {
            var sqlite = PrepareSqliteConnectionString(string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString);
            builder.Services.AddDbContextFactory<SqliteDashboardDbContext>(o => o.UseSqlite(sqlite));
            builder.Services.AddSingleton<IDbContextFactory<DashboardDbContext>, DashboardDbContextFactory<SqliteDashboardDbContext>>();
            builder.Services.AddSingleton(new DatabaseWriteGate(serialize: true));
            dataProtection.PersistKeysToDbContext<SqliteDashboardDbContext>();
        }
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    // The default file lives under data/ relative to the working directory: create the folder on first run.
    private static string PrepareSqliteConnectionString(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        }
        return csb.ToString();
    }
}
