namespace AiGateway.Dashboard.Configuration;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Runs the Hangfire server in this process (off in tests).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>All = web and worker; Web = no job server; Worker = job server only (no UI traffic expected).</summary>
    public string Role { get; set; } = "All";

    /// <summary>
    /// On a shared database (SQL Server), a run still "Running" after this long was cut off by a crashed node and is
    /// marked failed (at start and by the minutely sweep); longer than any sync takes with its HTTP time-outs. On SQLite one process
    /// owns the file, so every run still running at start was interrupted.
    /// </summary>
    public TimeSpan InterruptedRunAfter { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How often a running sync tells the database it is alive.</summary>
    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A started run whose worker has been silent this long was cut off (a killed process): it is marked failed.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public bool RunsServer => Enabled && !string.Equals(Role, "Web", StringComparison.OrdinalIgnoreCase);
}
