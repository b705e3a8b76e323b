using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Usage;

/// <summary>
/// <c>POST /api/v1/usage</c> (scope <c>usage:write</c>): a batch <c>{ "events": [ … ] }</c> of gateway requests. All or
/// nothing: any bad item is a 400 naming every bad item and nothing is stored; too many events or too many bytes is a 413.
/// </summary>
public static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/usage", async (HttpContext http, UsageService usage, IOptions<UsageOptions> options, IDbContextFactory<DashboardDbContext> dbFactory,
            TimeProvider clock, CancellationToken ct) =>
        {
            var limits = options.Value;
            if (http.Request.ContentLength > limits.MaxRequestBytes) return TooLarge($"The body is larger than {limits.MaxRequestBytes:N0} bytes (Usage:MaxRequestBytes); send smaller batches.");
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limits.MaxRequestBytes;
            JsonDocument body;
            try
            {
                body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge($"The body is larger than {limits.MaxRequestBytes:N0} bytes (Usage:MaxRequestBytes); send smaller batches.");
            }
            catch (JsonException ex)
            {
                return Results.Problem(statusCode: 400, title: "Not JSON", detail: $"The body is not JSON: {ex.Message}");
            }
            using (body)
            {
                if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                    return Results.Problem(statusCode: 400, title: "Invalid body", detail: "The body must be { \"events\": [ … ] }.");
                if (events.GetArrayLength() > limits.MaxBatchEvents)
                    return TooLarge($"The batch has {events.GetArrayLength():N0} events; at most {limits.MaxBatchEvents:N0} per batch (Usage:MaxBatchEvents).");
                if (events.GetArrayLength() == 0) return Results.Ok(new UsageIngestResult(0, 0, []));
                IReadOnlySet<string> codes;
                await using (var db = await dbFactory.CreateDbContextAsync(ct))
                    codes = (await db.OrgUnits.AsNoTracking().Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
                var (parsed, errors) = UsageBatchParser.Parse(events, clock.GetUtcNow().UtcDateTime, limits, codes);
                if (errors.Count > 0)
                {
                    return Results.Problem(statusCode: 400, title: "Invalid events", detail: $"Nothing was stored. {string.Join(" ", errors.Take(5))}{(errors.Count > 5 ? $" … and {errors.Count - 5} more." : "")}",
                        extensions: new Dictionary<string, object?> { ["errors"] = errors });
                }
                return Results.Ok(await usage.IngestAsync(parsed, ct));
            }
        }).RequireAuthorization(Policies.ApiUsageWrite).WithName("IngestUsage").WithTags("Usage");
        return app;
    }

    private static IResult TooLarge(string detail) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large", detail: detail);
}
