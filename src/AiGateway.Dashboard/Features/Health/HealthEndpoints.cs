using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.Domain;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Health;

/// <summary>
/// <c>GET /health</c>: database reachable, job server state, last sync per connection. Anonymous on purpose
/// (load balancers and probes cannot sign in), it shows names and statuses only; an API key with the
/// <c>admin</c> scope also gets the details (run ids, times, rows, errors, exception types), never a secret.
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

    private static async Task<IResult> GetHealthAsync(HttpContext http, ConnectionsQueries queries, IOptions<JobsOptions> jobs,
        JobStorage storage, CancellationToken cancellationToken)
    {
        // Anonymous by design, so the API key is read here: a valid admin key adds the details.
        var admin = (await http.AuthenticateAsync(Auth.ApiKeyAuthenticationHandler.SchemeName)).Principal?
            .HasClaim(Auth.ApiScopes.ClaimType, Auth.ApiScopes.Admin) == true;
        var database = "ok";
        List<object> connections = [];
        try
        {
            var list = await queries.ListAsync(cancellationToken);
            var lastRuns = await queries.LastRunsAsync(cancellationToken);
            connections = list.Select(c =>
            {
                var last = lastRuns.GetValueOrDefault(c.Id);
                if (!admin)
                {
                    return new { name = c.Name, enabled = c.Enabled, lastSync = last is null ? null : new { status = last.Status.ToString() } };
                }
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
            database = admin ? "unreachable: " + ex.GetType().Name : "unreachable";
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
                jobServer = servers.Count == 0 ? "starting" : admin ? $"running ({servers.Count} server(s), {servers.Sum(s => s.WorkersCount)} workers)" : "running";
            }
            catch (Exception ex)
            {
                jobServer = admin ? "unreachable: " + ex.GetType().Name : "unreachable";
            }
        }

        var healthy = database == "ok" && !jobServer.StartsWith("unreachable", StringComparison.Ordinal);
        var body = new { status = healthy ? "healthy" : "unhealthy", database, jobServer, connections };
        return healthy ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
