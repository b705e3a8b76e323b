namespace AiGateway.Dashboard.Configuration;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Runs the Hangfire server in this process (off in tests).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>All = web and worker; Web = no job server; Worker = job server only (no UI traffic expected).</summary>
    public string Role { get; set; } = "All";

    public bool RunsServer => Enabled && !string.Equals(Role, "Web", StringComparison.OrdinalIgnoreCase);
}
