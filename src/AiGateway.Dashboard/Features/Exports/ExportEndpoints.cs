using System.Globalization;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Features.Exports;

/// <summary>
/// <c>GET /api/v1/exports/focus?from&amp;to</c> (FOCUS 1.2 CSV) and <c>GET /api/v1/exports/detail?from&amp;to&amp;format=csv|xlsx</c>:
/// every billed cost row of the range within the caller's scope, streamed. An xlsx beyond Excel's row limit is
/// refused with the row count and the CSV alternative.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/exports/focus", async (HttpContext http, string? from, string? to, string? version, bool? bom, CostExport export, ScopeResolver scopes, TimeProvider clock, CancellationToken ct) =>
        {
            var (range, problem) = Window(from, to, clock);
            if (range is not { } window) return Invalid(problem!, from, to);
            if ((version ?? FocusExport.V12) is not (FocusExport.V12 or FocusExport.V13))
                return ApiProblems.Parameter("version", $"'{version}' is not a FOCUS version this export writes; use 1.2 (the default) or 1.3.");
            var scope = await scopes.ForAsync(http.User, ct);
            var usage = await export.UsageAsync(window, scope, ct);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"focus-{version ?? FocusExport.V12}-{window.From:yyyyMMdd}-{window.To:yyyyMMdd}.csv\"";
            await FocusExport.WriteAsync(export.Rows(window, scope), usage, version ?? FocusExport.V12, bom ?? false, http.Response.Body, ct);
            return Results.Empty;
        }).RequireAuthorization(Policies.ApiReports).RequireRateLimiting(RateLimitRegistration.ExpensivePolicy).WithName("ExportFocus").WithTags("Exports");

        app.MapGet("/api/v1/exports/detail", async (HttpContext http, string? from, string? to, string? format, CostExport export, ScopeResolver scopes, IConfiguration config, TimeProvider clock, CancellationToken ct) =>
        {
            var (range, problem) = Window(from, to, clock);
            if (range is not { } window) return Invalid(problem!, from, to);
            format = (format ?? "csv").ToLowerInvariant();
            if (format is not ("csv" or "xlsx"))
                return Results.Problem(statusCode: 400, title: "Invalid parameter 'format'", detail: "Use csv or xlsx.");
            var scope = await scopes.ForAsync(http.User, ct);
            var name = $"cost-rows-{window.From:yyyyMMdd}-{window.To:yyyyMMdd}";
            if (format == "csv")
            {
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
                await CostExport.WriteDetailCsvAsync(export.Rows(window, scope), http.Response.Body, ct);
                return Results.Empty;
            }
            var count = await export.CountAsync(window, scope, ct);
            // Excel's own limit, or a lower one an operator sets (Exports:MaxXlsxRows) to bound the time of one export.
            var limit = Math.Min(CostExport.XlsxRowLimit, config.GetValue("Exports:MaxXlsxRows", CostExport.XlsxRowLimit));
            if (count > limit)
                return Results.Problem(statusCode: 400, title: "Too many rows for xlsx",
                    detail: $"{count.ToString("N0", CultureInfo.InvariantCulture)} cost rows do not fit in one xlsx sheet ({limit.ToString("N0", CultureInfo.InvariantCulture)} at most); use format=csv or a shorter range.");
            // MiniExcel writes a zip, which needs a seekable stream: stream it into a temporary file, then to the client.
            var path = Path.Combine(Path.GetTempPath(), $"aigw-export-{Guid.NewGuid():N}.xlsx");
            await CostExport.WriteDetailXlsxAsync(export.Rows(window, scope), path, ct);
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return Results.File(file, ReportsEndpoints.XlsxContentType, name + ".xlsx");
        }).RequireAuthorization(Policies.ApiReports).RequireRateLimiting(RateLimitRegistration.ExpensivePolicy).WithName("ExportDetail").WithTags("Exports");
        return app;
    }

    private static (DateWindow? Window, string? Problem) Window(string? from, string? to, TimeProvider clock) =>
        ExportRange.Parse(from, to, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    private static IResult Invalid(string problem, string? from, string? to) =>
        Results.Problem(statusCode: 400, title: "Invalid parameters 'from' and 'to'", detail: $"{problem} {ExportRange.Hint} Got from='{from}', to='{to}'.");
}
