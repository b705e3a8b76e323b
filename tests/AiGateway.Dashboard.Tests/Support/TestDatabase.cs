using AiGateway.Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Support;

/// <summary>A real SQLite file in the temp folder, migrated like production, deleted afterwards.</summary>
public sealed class TestDatabase : IDbContextFactory<DashboardDbContext>, IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"aigw-test-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={_path};Pooling=False";

    public static async Task<TestDatabase> CreateAsync()
    {
        var db = new TestDatabase();
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        return db;
    }

    public DashboardDbContext CreateDbContext() =>
        new SqliteDashboardDbContext(new DbContextOptionsBuilder<SqliteDashboardDbContext>().UseSqlite(ConnectionString).Options);

    public async Task ExecuteAsync(string sql)
    {
        await using var context = CreateDbContext();
        await context.Database.ExecuteSqlRawAsync(sql);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(_path + suffix); } catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }
}
