using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>
/// The published app (<c>AIGW_TEST_PUBLISHED_APP</c>, set by test.sh) as a process of its own on a free loopback port,
/// configured by environment variables as an operator would, its output kept for the test to read.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public static string? PublishedApp { get; } =
        Environment.GetEnvironmentVariable("AIGW_TEST_PUBLISHED_APP") is { Length: > 0 } dll && File.Exists(dll) ? dll : null;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(string name, Uri baseAddress, Process process)
    {
        (Name, BaseAddress, _process) = (name, baseAddress, process);
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to its console so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the app and waits until it answers <c>/health/live</c>.</summary>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var dll = PublishedApp ?? throw new InvalidOperationException("AIGW_TEST_PUBLISHED_APP names no published app: run ./test.sh, which publishes it.");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(name, new Uri($"http://127.0.0.1:{port}/"), process);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode} while starting:\n{app.Output}");
            try
            {
                if ((await client.GetAsync("health/live", cancellationToken)).StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            if (deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                await app.DisposeAsync();
                throw new TimeoutException($"{name} did not answer within 120 s:\n{app.Output}");
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>A client of this process, with an API key as its bearer token.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye, as when a machine is lost.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
