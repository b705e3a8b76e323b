using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AiGateway.Dashboard.Data;

// Used by `dotnet ef migrations add` only; the running app configures contexts in DataRegistration.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDashboardDbContext>
{
    public SqliteDashboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDashboardDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlDashboardDbContext>
{
    public PostgreSqlDashboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlDashboardDbContext>().UseNpgsql("Host=design;Database=dashboard").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerDashboardDbContext>
{
    public SqlServerDashboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerDashboardDbContext>().UseSqlServer("Server=(design);Database=Dashboard").Options);
}
