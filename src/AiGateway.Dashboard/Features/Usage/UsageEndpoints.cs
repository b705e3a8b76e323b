using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Usage;

/// <summary>
/// <c>POST /api/v1/usage</c> (scope <c>usage:write</c>): a batch <c>{ "events": [ … ] }</c> of gateway requests; and
/// <c>POST /api/v1/usage/litellm</c>: the JSON array of StandardLoggingPayload objects a LiteLLM proxy's generic API
/// callback sends. All or nothing: any bad item is a 400 naming every bad item and nothing is stored; too many events or
/// too many bytes is a 413.
/// </summary>
public static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/usage", (HttpContext http, UsageService usage, IOptions<UsageOptions> options, IDbContextFactory<DashboardDbContext> dbFactory,
            TimeProvider clock, CancellationToken ct) => ReceiveAsync(http, options.Value, async root =>
            {
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                    return Results.Problem(statusCode: 400, title: "Invalid body", detail: "The body must be { \"events\": [ … ] }.");
                return await IngestAsync(events, null, [], 0, usage, options.Value, dbFactory, clock, ct);
            }, ct))
            .RequireAuthorization(Policies.ApiUsageWrite).WithName("IngestUsage").WithTags("Usage");

        app.MapPost("/api/v1/usage/litellm", (HttpContext http, UsageService usage, IOptions<UsageOptions> options, IDbContextFactory<DashboardDbContext> dbFactory,
            TimeProvider clock, CancellationToken ct) => ReceiveAsync(http, options.Value, async root =>
            {
                if (root.ValueKind != JsonValueKind.Array)
                    return Results.Problem(statusCode: 400, title: "Invalid body", detail: "The body must be a JSON array of LiteLLM StandardLoggingPayload objects.");
                var (events, numbers, skipped, errors) = LiteLlmPayloads.ToEvents(root);
                using var mapped = JsonDocument.Parse(events.ToJsonString());
                return await IngestAsync(mapped.RootElement, numbers, errors, skipped, usage, options.Value, dbFactory, clock, ct);
            }, ct))
            .RequireAuthorization(Policies.ApiUsageWrite).WithName("IngestLiteLlmUsage").WithTags("Usage");
        return app;
    }

    /// <summary>Reads the body as JSON within the size limit and the batch limit, then hands its root over.</summary>
    private static async Task<IResult> ReceiveAsync(HttpContext http, UsageOptions limits, Func<JsonElement, Task<IResult>> handle, CancellationToken ct)
    {
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
            var root = body.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var e) && e.ValueKind == JsonValueKind.Array ? e : default;
            if (items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > limits.MaxBatchEvents)
                return TooLarge($"The batch has {items.GetArrayLength():N0} events; at most {limits.MaxBatchEvents:N0} per batch (Usage:MaxBatchEvents).");
            return await handle(root);
        }
    }

    private static async Task<IResult> IngestAsync(JsonElement events, IReadOnlyList<int>? numbers, IReadOnlyList<string> earlier, int skipped, UsageService usage, UsageOptions limits,
        IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider clock, CancellationToken ct)
    {
        IReadOnlySet<string> codes;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            codes = (await db.OrgUnits.AsNoTracking().Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var (parsed, found) = events.GetArrayLength() == 0 ? ([], []) : UsageBatchParser.Parse(events, clock.GetUtcNow().UtcDateTime, limits, codes, numbers);
        var errors = earlier.Concat(found).OrderBy(ItemNumber).ToList();
        if (errors.Count > 0)
        {
            return Results.Problem(statusCode: 400, title: "Invalid events", detail: $"Nothing was stored. {string.Join(" ", errors.Take(5))}{(errors.Count > 5 ? $" … and {errors.Count - 5} more." : "")}",
                extensions: new Dictionary<string, object?> { ["errors"] = errors });
        }
        var result = parsed.Count == 0 ? new UsageIngestResult(0, 0, []) : await usage.IngestAsync(parsed, ct);
        return Results.Ok(result with { Skipped = skipped });
    }

    private static int ItemNumber(string error) =>
        error.StartsWith("item ", StringComparison.Ordinal) && int.TryParse(error.AsSpan(5, Math.Max(0, error.IndexOf(':') - 5)), out var n) ? n : 0;

    private static IResult TooLarge(string detail) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large", detail: detail);
}
