using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Dashboard.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) whose answers a test scripts per path.
/// Every request is recorded, so a test can count attempts and read what was sent.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.OrdinalIgnoreCase);

    private LoopbackServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Answers requests to <paramref name="path"/> (no query string) with <paramref name="handler"/>.</summary>
    public void Map(string path, Func<HttpContext, Task> handler) => _routes[path.TrimEnd('/')] = handler;

    public void MapJson(string path, string json, int status = 200) => Map(path, ctx => Json(ctx, json, status));

    public static async Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    public int Count(string path) => Requests.Count(r => string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase));

    private async Task HandleAsync(HttpContext context)
    {
        // Recorded, and rewound for the handler (a form or a JSON body it reads itself).
        context.Request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(context.Request.Body, leaveOpen: true)) body = await reader.ReadToEndAsync();
        context.Request.Body.Position = 0;
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        if (_routes.TryGetValue((context.Request.Path.Value ?? "").TrimEnd('/'), out var handler))
        {
            await handler(context);
            return;
        }
        context.Response.StatusCode = 404;
        await context.Response.WriteAsync("{\"error\":{\"message\":\"no fixture for this path\"}}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
