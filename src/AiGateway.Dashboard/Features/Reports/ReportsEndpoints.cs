using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Reports;

/// <summary><c>GET /api/v1/reports/monthly/{yyyy-MM}</c>: the month-end workbook; a Manager's holds their subtree only.</summary>
public static class ReportsEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reports/monthly/{month}", async (HttpContext http, string month, MonthlyReportQueries queries, ScopeResolver scopes, TimeProvider time, CancellationToken ct) =>
        {
            if (!MonthlyReportQueries.TryParseMonth(month, out var period))
                return Results.Problem(statusCode: 400, title: "Invalid parameter 'month'", detail: $"'{month}' is not a month; use yyyy-MM, for example 2026-10.");
            if (period.Start > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) || period.Start < DateLimits.Earliest)
                return Results.Problem(statusCode: 400, title: "Invalid parameter 'month'", detail: $"{period.Label} has not started yet.");
            var scope = await scopes.ForAsync(http.User, ct);
            var report = await queries.LoadAsync(period, scope, await ScopeLabelAsync(http.User, scope, scopes, ct), ct);
            var buffer = new MemoryStream();
            MonthlyWorkbookWriter.Write(report, buffer);
            buffer.Position = 0;
            return Results.File(buffer, XlsxContentType, FileName(period, scope));
        }).RequireAuthorization(Policies.ApiReports).RequireRateLimiting(RateLimitRegistration.ExpensivePolicy).WithName("GetMonthlyReport").WithTags("Reports");

        // Archived workbooks hold the whole organization: Finance, Admin and spend:read keys only.
        app.MapGet("/api/v1/reports/archive/{id:int}", async (HttpContext http, int id, ScopeResolver scopes, IDbContextFactory<Data.DashboardDbContext> dbFactory, CancellationToken ct) =>
        {
            if (!(await scopes.ForAsync(http.User, ct)).IsAll)
                return Results.Problem(statusCode: 403, title: "Not allowed", detail: "Archived workbooks cover the whole organization; Finance and Admin may download them.");
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var archive = await db.ReportArchives.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
            if (archive is null) return Results.Problem(statusCode: 404, title: "Not found", detail: $"Archived workbook {id} does not exist.");
            http.Response.Headers["X-Checksum-Sha256"] = archive.Sha256;
            return Results.File(archive.Content, XlsxContentType, $"ai-spend-{archive.Month:yyyy-MM}-v{archive.Version}.xlsx");
        }).RequireAuthorization(Policies.ApiReports).WithName("GetArchivedReport").WithTags("Reports");
        // The journal covers the whole organization: Finance, Admin and spend:read keys only.
        app.MapGet("/api/v1/reports/chargeback/{month}", async (HttpContext http, string month, string? format, ChargebackQueries queries, ScopeResolver scopes, TimeProvider time, CancellationToken ct) =>
        {
            if (!MonthlyReportQueries.TryParseMonth(month, out var period))
                return ApiProblems.Parameter("month", $"'{month}' is not a month; use yyyy-MM, for example 2026-10.");
            if (period.Start > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
                return ApiProblems.Parameter("month", $"{period.Label} has not started yet.");
            if ((format ?? "csv") is not ("csv" or "xlsx"))
                return ApiProblems.Parameter("format", $"'{format}' is not a format; use csv or xlsx.");
            if (!(await scopes.ForAsync(http.User, ct)).IsAll)
                return Results.Problem(statusCode: 403, title: "Not allowed", detail: "The chargeback journal covers the whole organization; Finance and Admin may download it.");
            ChargebackJournal journal;
            try { journal = await queries.JournalAsync(period, ct); }
            catch (InvalidOperationException ex) { return Results.Problem(statusCode: 409, title: "Journal not configured", detail: ex.Message); }
            var name = $"ai-chargeback-{period.Label}";
            if (format == "xlsx")
            {
                var buffer = new MemoryStream();
                MonthlyWorkbookWriter.WriteChargeback(journal, buffer);
                buffer.Position = 0;
                return Results.File(buffer, XlsxContentType, name + ".xlsx");
            }
            var csv = new System.Text.StringBuilder();
            csv.Append(Explore.Csv.Line("period", "finance_code", "cost_centre", "gl_account", "description", "amount_minor", "currency"));
            foreach (var l in journal.Lines)
            {
                csv.Append(Explore.Csv.Line(period.Label, Explore.Csv.Field(l.FinanceCode), Explore.Csv.Field(l.CostCentre), Explore.Csv.Field(l.GlAccount),
                    Explore.Csv.Field(l.Description), l.AmountMinor.ToString(System.Globalization.CultureInfo.InvariantCulture), journal.Currency));
            }
            return Results.File(Explore.Csv.Utf8(csv), "text/csv; charset=utf-8", name + ".csv");
        }).RequireAuthorization(Policies.ApiReports).RequireRateLimiting(RateLimitRegistration.ExpensivePolicy).WithName("GetChargebackJournal").WithTags("Reports");
        return app;
    }

    public static string FileName(Period month, SpendScope scope) => $"ai-spend-{month.Label}{(scope.IsAll ? "" : "-subtree")}.xlsx";

    public static async Task<string> ScopeLabelAsync(ClaimsPrincipal user, SpendScope scope, ScopeResolver scopes, CancellationToken cancellationToken)
    {
        if (scope.IsAll) return "All spend (every org unit and unallocated spend)";
        var (_, units) = await scopes.MyUnitsAsync(user, cancellationToken);
        return "Subtree of " + string.Join(", ", units.Select(u => u.Name)) + " (no unallocated spend)";
    }
}
