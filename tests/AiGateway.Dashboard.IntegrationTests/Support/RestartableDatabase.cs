namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>
/// A database file and key folder that hosts started one after the other share, as one installation restarted (on the
/// PostgreSQL pass, the database the file's path names). Deleted at the end.
/// </summary>
public sealed class RestartableDatabase : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"aigw-restart-{Guid.NewGuid():N}.db");
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"aigw-restart-keys-{Guid.NewGuid():N}");

    /// <summary>The settings that point a <see cref="DashboardFactory"/> at this database; a fresh copy to add to.</summary>
    public Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Dashboard"] = $"Data Source={_path}", ["DataProtection:KeyFolder"] = _keys };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        if (Directory.Exists(_keys)) Directory.Delete(_keys, recursive: true);
    }
}
