using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AiGateway.Dashboard.Bench;

/// <summary>
/// The gateways' budget check under load: the real app (Release, demo data, budgets evaluated) in its own process,
/// hit over loopback from this process by a small .NET load client (and by <c>wrk</c> when installed) with N
/// keep-alive connections for T seconds per endpoint. <c>GET /health</c>, measured in the same run, is the floor.
/// </summary>
internal static partial class CheckLoadBench
{
    private const string Url = "http://127.0.0.1:5098";
    private const string Key = "bench-check-key-7f3a9c1e5b";
    private const int WarmUpSeconds = 10;

    public static async Task<bool> RunAsync(string repositoryRoot, int connections, int seconds)
    {
        await using var app = await BenchApp.StartAsync(repositoryRoot, Url, [(Key, "budgets:check")]);
        {
            using (var probe = new HttpClient())
            {
                probe.DefaultRequestHeaders.Authorization = new("Bearer", Key);
                Console.WriteLine($"check answer: {await probe.GetStringAsync(Url + "/api/v1/budgets/check?orgUnit=search")}");
            }

            Console.WriteLine();
            Console.WriteLine($"Budget check under load · {connections} connections · {seconds} s per endpoint · {Environment.ProcessorCount} cores · server and client on one machine");
            Console.WriteLine($"{"client",-8} {"endpoint",-44} {"requests/s",12} {"p50 ms",8} {"p99 ms",8} {"p99.9 ms",9} {"errors",7}");
            // Two floors: /health (reads the database on every call, what the issue's comparison names) and
            // /health/live (the bare request pipeline: the real lower bound for any endpoint).
            string[] paths = ["/health/live", "/health", "/api/v1/budgets/check?orgUnit=search"];
            string[] names = ["GET /health/live (pipeline floor)", "GET /health (database floor)", "GET /api/v1/budgets/check?orgUnit=search"];
            var clients = new List<(string Name, Func<string, Task<Result>> Run)> { ("dotnet", p => DotnetClientAsync(p, connections, seconds)) };
            if (File.Exists("/usr/bin/wrk")) clients.Add(("wrk", p => WrkAsync(p, connections, seconds)));
            else Console.WriteLine("wrk: not installed (apt-get install -y wrk adds a second, lighter load client)");
            Result? wrkCheck = null;
            Result check = null!;
            foreach (var (client, run) in clients)
            {
                var results = new Result[paths.Length];
                for (var i = 0; i < paths.Length; i++)
                {
                    results[i] = await run(paths[i]);
                    Print(client, names[i], results[i]);
                }
                Console.WriteLine($"{client}: check = {results[2].RequestsPerSecond / results[0].RequestsPerSecond:N2}× the pipeline floor's requests/s (p99 {results[2].P99 / results[0].P99:N2}×), "
                    + $"{results[2].RequestsPerSecond / results[1].RequestsPerSecond:N2}× /health's (p99 {results[2].P99 / results[1].P99:N2}×)");
                if (client == "wrk") wrkCheck = results[2]; else check = results[2];
            }

            var best = wrkCheck ?? check;
            var pass = best.Errors == 0 && best.P99 < 5.0;
            Console.WriteLine($"target (budget check p99 < 5 ms, no errors): {(pass ? "met" : "NOT met")} ({(wrkCheck is null ? "dotnet" : "wrk")} client: p99 {best.P99:N2} ms)");
            return pass;
        }
    }

    internal sealed record Result(double RequestsPerSecond, double P50, double P99, double P999, long Errors);

    private static void Print(string client, string endpoint, Result r) =>
        Console.WriteLine($"{client,-8} {endpoint,-44} {r.RequestsPerSecond,12:N0} {r.P50,8:N2} {r.P99,8:N2} {r.P999,9:N2} {r.Errors,7:N0}");

    private static Task<Result> DotnetClientAsync(string path, int connections, int seconds) =>
        LoadAsync(Url, Key, connections, seconds, WarmUpSeconds, c => c.GetAsync(path, HttpCompletionOption.ResponseContentRead));

    /// <summary>N workers, each with its own keep-alive connection, each sending the next request when the last answered; latency histogram of the measured part.</summary>
    internal static async Task<Result> LoadAsync(string url, string key, int connections, int seconds, int warmUpSeconds, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        // Histogram in 10 µs buckets up to 1 s; slower answers land in the last bucket.
        const int buckets = 100_000;
        async Task<(long[] Histogram, long Count, long Errors)> Worker(long until, bool record)
        {
            var histogram = new long[buckets];
            long count = 0, errorCount = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await send(client);
                    if (response.StatusCode != HttpStatusCode.OK) errorCount++;
                }
                catch (HttpRequestException) { errorCount++; }
                var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (record) histogram[Math.Min(buckets - 1, (int)(micros / 10))]++;
                count++;
            }
            return (histogram, count, errorCount);
        }

        // Warm up (tiered JIT reaches its optimized code after a few seconds of load, connections open), then measure.
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => Worker(Stopwatch.GetTimestamp() + Stopwatch.Frequency * warmUpSeconds, false))));
        var watch = Stopwatch.StartNew();
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * seconds;
        var results = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => Worker(until, true))));
        watch.Stop();

        var merged = new long[buckets];
        foreach (var r in results) for (var i = 0; i < buckets; i++) merged[i] += r.Histogram[i];
        var total = results.Sum(r => r.Count);
        double Percentile(double p)
        {
            var target = (long)Math.Ceiling(total * p);
            long seen = 0;
            for (var i = 0; i < buckets; i++)
            {
                seen += merged[i];
                if (seen >= target) return (i + 1) * 0.01;
            }
            return buckets * 0.01;
        }
        return new Result(total / watch.Elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99), Percentile(0.999), results.Sum(r => r.Errors));
    }

    private static Task<Result> WrkAsync(string path, int connections, int seconds) => WrkAsync(Url, Key, path, connections, seconds, WarmUpSeconds);

    /// <summary>Debian's wrk (when installed) against one path, after a warm-up; a Lua <paramref name="script"/> makes the requests (a POST with a body).</summary>
    internal static async Task<Result> WrkAsync(string url, string key, string path, int connections, int seconds, int warmUpSeconds, string? script = null)
    {
        await RunWrkAsync(url, key, path, connections, warmUpSeconds, script);
        return Parse(await RunWrkAsync(url, key, path, connections, seconds, script));
    }

    private static async Task<string> RunWrkAsync(string url, string key, string path, int connections, int seconds, string? script)
    {
        var threads = Math.Max(1, Math.Min(connections, Environment.ProcessorCount));
        var lua = script is null ? "" : $"-s {script} ";
        var wrk = Process.Start(new ProcessStartInfo("wrk", $"-t{threads} -c{connections} -d{seconds}s --latency {lua}-H \"Authorization: Bearer {key}\" {url}{path}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    private static Result Parse(string output)
    {
        double Latency(string label)
        {
            var m = Regex.Match(output, $@"^\s*{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var rps = RequestsPerSecond().Match(output) is { Success: true } r ? double.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        var non2xx = Non2xx().Match(output) is { Success: true } e ? long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrors().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        // wrk's --latency table stops at p99; it reports no p99.9.
        return new Result(rps, Latency("50%"), Latency("99%"), double.NaN, non2xx + socketErrors);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
