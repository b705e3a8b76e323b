using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Sync;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Connections;

/// <summary>Connections and sync runs over HTTP (scope <c>admin</c>). Never a secret, not even its hint.</summary>
public static class ConnectionsEndpoints
{
    public static IEndpointRouteBuilder MapConnectionsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.ApiAdmin).WithTags("Connections");

        api.MapGet("/connections", async (ConnectionsQueries queries, CancellationToken ct) =>
        {
            var last = await queries.LastRunsAsync(ct);
            return Results.Ok((await queries.ListAsync(ct)).Select(c => new
            {
                id = c.Id,
                name = c.Name,
                kind = c.Kind.ToString(),
                baseUrl = c.BaseUrl,
                hasSecret = c.SecretHint is not null,
                schedule = c.Schedule,
                backfillDays = c.BackfillDays,
                overlapDays = c.OverlapDays,
                enabled = c.Enabled,
                managedByConfiguration = c.ManagedByConfiguration,
                lastSync = last.TryGetValue(c.Id, out var run) ? RunJson(run) : null,
            }));
        }).WithName("ListConnections");

        // Without from/to: the planned window. With both: re-pull exactly those days (a provider restated them).
        api.MapPost("/connections/{id:int}/sync", async (int id, string? from, string? to, SyncLauncher launcher, IDbContextFactory<DashboardDbContext> dbFactory,
            TimeProvider clock, CancellationToken ct) =>
        {
            DateWindow? range = null;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
                if (connection is null) return Results.Problem(statusCode: 404, title: "Unknown connection", detail: $"Connection {id} does not exist.");
                if (!connection.Enabled) return Results.Problem(statusCode: 409, title: "Connection disabled", detail: $"'{connection.Name}' is disabled; enable it before syncing.");
                if (from is not null || to is not null)
                {
                    if (!TryDay(from, out var fromDay)) return ApiProblems.Parameter("from", $"'{from}' is not a date in the form YYYY-MM-DD (give both from and to, or neither).");
                    if (!TryDay(to, out var toDay)) return ApiProblems.Parameter("to", $"'{to}' is not a date in the form YYYY-MM-DD (give both from and to, or neither).");
                    var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                    range = new DateWindow(fromDay, toDay);
                    if (SyncWindowPlanner.RangeProblem(range.Value, today, connection.BackfillDays) is { } problem)
                        return ApiProblems.Parameter(problem.Parameter, problem.Message);
                }
            }
            var runId = await launcher.StartAsync(id, SyncTrigger.Api, ct, range);
            return Results.Accepted($"/api/v1/sync-runs/{runId}", new { runId });
        }).WithName("SyncConnection");

        api.MapGet("/sync-runs/{id:long}", async (long id, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var run = await db.SyncRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
            return run is null
                ? Results.Problem(statusCode: 404, title: "Unknown sync run", detail: $"Sync run {id} does not exist.")
                : Results.Ok(RunJson(run));
        }).WithName("GetSyncRun");
        return app;
    }

    private static bool TryDay(string? value, out DateOnly day) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);


    private static object RunJson(SyncRun r) => new
    {
        id = r.Id,
        connectionId = r.ConnectionId,
        trigger = r.Trigger.ToString(),
        status = r.Status.ToString(),
        window = r.WindowFrom == default ? null : new { from = r.WindowFrom.ToString("yyyy-MM-dd"), to = r.WindowTo.ToString("yyyy-MM-dd") },
        started = r.StartedUtc,
        finished = r.FinishedUtc,
        rangeRequested = r.RangeRequested,
        rowsWritten = r.RowsWritten,
        adjustmentsBooked = r.AdjustmentsBooked,
        pagesFetched = r.PagesFetched,
        error = r.Error,
    };
}
