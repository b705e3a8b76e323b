using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Simulated;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Demo;

/// <summary>
/// The demo's gateway: posts the demo projects' usage to <c>POST /api/v1/usage</c> over HTTP with its own key, as a real
/// gateway would — the last <see cref="BackfillDays"/> days hour by hour at start, then the time since the last post every
/// few seconds. Its tokens are the simulated bill's own, so estimates land within a few % of it, except on purpose:
/// <see cref="UntrackedProject"/> sends nothing (untracked spend), two projects over- and under-estimate, and one model
/// (<see cref="UnpricedModel"/>) has no price.
/// </summary>
public sealed class SimulatedGateway(IServer server, IHostApplicationLifetime lifetime, IOptions<DemoOptions> options, DemoGatewayKey key, TimeProvider time,
    ILogger<SimulatedGateway> log) : BackgroundService
{
    public const int BackfillDays = 8;
    public const string UntrackedProject = "proj_hr_assistant";
    public const string OverestimatingProject = "proj_test_gen";
    public const string UnderestimatingProject = "proj_sql_copilot";
    public const string UnpricedModel = "o5-preview";
    private const string UnpricedProject = "proj_code_review";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null) { log.LogWarning("The demo gateway found no address to post to"); return; }
        using var http = new HttpClient { BaseAddress = new Uri(address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key.Key);
        var generator = new SimulatedSpendGenerator(new SimulatedSettings(options.Value.SimulationSeed, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));

        var now = time.GetUtcNow().UtcDateTime;
        var hourStart = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        try
        {
            // Whole hours of the last days (ids by hour: a restart posts them again and they count once).
            for (var day = hourStart.Date.AddDays(-BackfillDays); day < hourStart; day = day.AddDays(1))
            {
                var hours = Enumerable.Range(0, 24).Select(h => day.AddHours(h)).Where(h => h < hourStart);
                await PostAsync(http, hours.SelectMany(h => Slice(generator, h, h.AddHours(1), $"h{h:yyyyMMddHH}")).ToList(), stoppingToken);
            }
            var last = hourStart;
            while (!stoppingToken.IsCancellationRequested)
            {
                var at = time.GetUtcNow().UtcDateTime;
                await PostAsync(http, Slice(generator, last, at, $"t{at:yyyyMMddHHmmssfff}"), stoppingToken);
                last = at;
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.Value.GatewayIntervalSeconds)), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            log.LogError(ex, "The demo gateway stopped");
        }
    }

    private async Task PostAsync(HttpClient http, List<object> events, CancellationToken cancellationToken)
    {
        foreach (var chunk in events.Chunk(1_000))
        {
            try
            {
                using var response = await http.PostAsJsonAsync("api/v1/usage", new { events = chunk }, cancellationToken);
                if (!response.IsSuccessStatusCode)
                    log.LogWarning("The demo gateway's batch was refused: {Status} {Body}", (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The app is stopping or busy: this slice is lost, as a real gateway's would be; the next one follows.
                log.LogWarning("The demo gateway could not post: {Message}", ex.Message);
            }
        }
    }

    /// <summary>One event per project and model for the usage between two instants (a day's simulated bill spread evenly over its seconds).</summary>
    private static List<object> Slice(SimulatedSpendGenerator generator, DateTime from, DateTime to, string id)
    {
        var events = new List<object>();
        for (var start = from; start < to;)
        {
            var end = start.Date.AddDays(1) < to ? start.Date.AddDays(1) : to;
            var share = (end - start).TotalSeconds / 86_400;
            var day = DateOnly.FromDateTime(start);
            foreach (var row in generator.Generate(new DateWindow(day, day)).Where(r => r.ProjectId != UntrackedProject && r.CostMicros > 0))
            {
                var bias = row.ProjectId == OverestimatingProject ? 1.12 : row.ProjectId == UnderestimatingProject ? 0.9 : 1.0;
                var requests = Scale(row.Requests, share, 1.0);
                if (requests == 0) continue;
                var cached = Scale(row.CachedInputTokens, share, bias);
                events.Add(new
                {
                    id = $"demo:{row.ProjectId}:{row.Model}:{id}",
                    timestamp = start.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
                    provider = row.Provider.ToString(),
                    model = row.Model,
                    project = row.ProjectId,
                    apiKey = row.ApiKeyId,
                    inputTokens = Scale(row.InputTokens, share, bias) - cached,
                    cachedInputTokens = cached,
                    outputTokens = Scale(row.OutputTokens, share, bias),
                    requests,
                });
                if (row.ProjectId == UnpricedProject && row.Provider == ProviderKind.OpenAI)
                {
                    events.Add(new
                    {
                        id = $"demo:{row.ProjectId}:{UnpricedModel}:{id}", timestamp = start.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), provider = "OpenAI", model = UnpricedModel,
                        project = row.ProjectId, apiKey = row.ApiKeyId, inputTokens = Scale(row.InputTokens, share, 0.05), outputTokens = Scale(row.OutputTokens, share, 0.05),
                        requests = Math.Max(1, requests / 20),
                    });
                }
            }
            start = end;
        }
        return events;
    }

    private static long Scale(long dayTotal, double share, double bias) => (long)Math.Round(dayTotal * share * bias);
}

/// <summary>The demo gateway's API key: made at start, never stored; only its SHA-256 is declared (scope usage:write).</summary>
public sealed record DemoGatewayKey(string Key)
{
    public static DemoGatewayKey Create() => new("demo-gateway-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));

    public DeclaredApiKey Declared => new() { Name = "demo-gateway", Sha256 = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Key))), Scopes = [Auth.ApiScopes.UsageWrite] };
}
