using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace AiGateway.Dashboard.Bench;

/// <summary>
/// The real app (Release build, demo data, budgets evaluated, jobs off) in its own process on a loopback port, with the
/// API keys a benchmark needs; killed and its database deleted on dispose.
/// </summary>
internal sealed class BenchApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _database;

    public string Url { get; }

    public int ProcessId => _process.Id;

    private BenchApp(Process process, string database, string url) => (_process, _database, Url) = (process, database, url);

    /// <param name="keys">Key text and its one scope.</param>
    public static async Task<BenchApp> StartAsync(string repositoryRoot, string url, IReadOnlyList<(string Key, string Scope)> keys, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = Path.Combine(Path.GetTempPath(), $"aigw-bench-app-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet", $"run -c Release --no-build --no-launch-profile --project {Path.Combine(repositoryRoot, "src", "AiGateway.Dashboard")}")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                // Demo sign-in and its seed start only in Development; nothing on the measured paths differs.
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DataProtection__KeyFolder"] = database + ".keys",
                ["ConnectionStrings__Dashboard"] = $"Data Source={database}",
                ["Demo__Seed"] = "true",
                ["Demo__Gateway"] = "false",
                ["Jobs__Enabled"] = "false",
                ["Urls"] = url,
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        for (var i = 0; i < keys.Count; i++)
        {
            start.Environment[$"Api__Keys__{i}__Name"] = $"bench-{i}";
            start.Environment[$"Api__Keys__{i}__Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(keys[i].Key)));
            start.Environment[$"Api__Keys__{i}__Scopes__0"] = keys[i].Scope;
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var app = new BenchApp(process, database, url);
        using var probe = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await probe.GetAsync(url + "/health/live")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (i == 240 || process.HasExited)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException("The app did not start: " + (process.HasExited ? await errors : "timed out"));
            }
            await Task.Delay(500);
        }
        return app;
    }

    /// <summary>The app's resident memory now and at its peak (Linux /proc), in MB.</summary>
    public (double Current, double Peak) MemoryMb()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        double Kb(string name) => double.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0]) / 1024;
        // "dotnet run" launches the app as a child: measure the app, not the launcher.
        var child = Directory.Exists($"/proc/{_process.Id}/task") ? File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (child.Length > 0)
        {
            status = File.ReadAllLines($"/proc/{child[0]}/status");
        }
        return (Kb("VmRSS"), Kb("VmHWM"));
    }

    public long DatabaseBytes => new[] { "", "-wal" }.Select(s => new FileInfo(_database + s)).Where(f => f.Exists).Sum(f => f.Length);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
        if (Directory.Exists(_database + ".keys")) Directory.Delete(_database + ".keys", recursive: true);
    }
}
