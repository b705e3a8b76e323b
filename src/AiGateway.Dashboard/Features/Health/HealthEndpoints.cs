using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.Domain;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Health;

/// <summary>
/// <c>GET /health</c>: database reachable, job server state, last sync per connection. Anonymous on purpose
/// (load balancers and probes cannot sign in); it shows names and statuses only, never settings or secrets.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealthAsync).AllowAnonymous().WithName("GetHealth");
        // Liveness only (the process answers), for probes that must not touch the database on every poll.
        app.MapGet("/health/live", () => Results.Text("ok")).AllowAnonymous().WithName("GetLiveness");
        return app;
    }

    private static async Task<IResult> GetHealthAsync(ConnectionsQueries queries, IOptions<JobsOptions> jobs,
        JobStorage storage, CancellationToken cancellationToken)
    {
        var database = "ok";
        List<object> connections = [];
        try
        {
            var list = await queries.ListAsync(cancellationToken);
            var lastRuns = await queries.LastRunsAsync(cancellationToken);
            connections = list.Select(c =>
            {
                var last = lastRuns.GetValueOrDefault(c.Id);
                return (object)new
                {
                    id = c.Id,
                    name = c.Name,
                    kind = c.Kind.ToString(),
                    enabled = c.Enabled,
                    lastSync = last is null ? null : new
                    {
                        runId = last.Id,
                        status = last.Status.ToString(),
                        started = last.StartedUtc,
                        finished = last.FinishedUtc,
                        rows = last.RowsWritten,
                        error = last.Error,
                    },
                };
            }).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            database = "unreachable: " + ex.GetType().Name;
        }

        string jobServer;
        if (!jobs.Value.RunsServer)
        {
            jobServer = "disabled";
        }
        else
        {
            try
            {
                var servers = storage.GetMonitoringApi().Servers();
                jobServer = servers.Count > 0 ? $"running ({servers.Count} server(s), {servers.Sum(s => s.WorkersCount)} workers)" : "starting";
            }
            catch (Exception ex)
            {
                jobServer = "unreachable: " + ex.GetType().Name;
            }
        }

        var healthy = database == "ok" && !jobServer.StartsWith("unreachable", StringComparison.Ordinal);
        var body = new { status = healthy ? "healthy" : "unhealthy", database, jobServer, connections };
        return healthy ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
