using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reports;

namespace AiGateway.Dashboard.Features.Books;

/// <summary>
/// The months' books over HTTP: <c>GET /api/v1/periods</c>, <c>GET /api/v1/periods/{yyyy-MM}</c>, and
/// <c>POST …/close</c> (Finance, or a key with <c>books:close</c>) and <c>POST …/reopen</c> (Finance, with a reason).
/// Amounts are JSON numbers in major units, exact.
/// </summary>
public static class BooksEndpoints
{
    public sealed record CloseBody(bool? ConfirmEarly);

    public sealed record ReopenBody(string? Reason);

    public static IEndpointRouteBuilder MapBooksEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/periods").WithTags("Books");

        group.MapGet("", async (BooksQueries queries, CancellationToken ct) =>
            Results.Ok((await queries.MonthsAsync(ct)).Select(Json)))
            .RequireAuthorization(Policies.ApiBooksRead).WithName("ListPeriods");

        group.MapGet("/{month}", async (string month, BooksQueries queries, AccrualService accruals, CancellationToken ct) =>
        {
            if (!MonthlyReportQueries.TryParseMonth(month, out var period)) return BadMonth(month);
            var books = await queries.MonthAsync(period, ct);
            var restating = await queries.AdjustmentsAsync(null, period, ct);
            var booked = await queries.AdjustmentsAsync(period, null, ct);
            return Results.Ok(new
            {
                period = Json(books),
                restatements = restating.Select(AdjustmentJson),
                adjustmentsBooked = booked.Select(AdjustmentJson),
                // Open: each provider's billed to date and accrual; closed: the true-up of its last accrual against the final bill.
                accruals = books.Closed ? null : (await accruals.ForMonthAsync(period, ct)).Select(a => new
                {
                    provider = a.Provider.ToString(),
                    billed = Money.Reporting(a.BilledMicros).ToMajor(),
                    billedThrough = a.BilledThrough,
                    accrued = Money.Reporting(a.AccruedMicros).ToMajor(),
                    method = JsonNames.Camel(a.Method.ToString()),
                    accruedFrom = a.Unbilled?.From,
                    accruedTo = a.Unbilled?.To,
                    runRatePerDay = a.RunRateDailyMicros is { } r ? Money.Reporting(r).ToMajor() : (decimal?)null,
                    expected = Money.Reporting(a.ExpectedMicros).ToMajor(),
                    description = a.Description,
                }),
                trueUp = books.Closed ? (await accruals.TrueUpAsync(period, ct)).Select(t => new
                {
                    provider = t.Accrual.Provider.ToString(),
                    accruedAsOfUtc = t.Accrual.AsOfUtc,
                    method = JsonNames.Camel(t.Accrual.Method.ToString()),
                    billedThen = Money.Reporting(t.Accrual.BilledMicros).ToMajor(),
                    accruedThen = Money.Reporting(t.Accrual.AccruedMicros).ToMajor(),
                    finallyBilled = Money.Reporting(t.FinalBilledMicros).ToMajor(),
                    trueUp = Money.Reporting(t.Accrual.TrueUpMicros(t.FinalBilledMicros)).ToMajor(),
                }) : null,
            });
        }).RequireAuthorization(Policies.ApiBooksRead).WithName("GetPeriod");

        group.MapPost("/{month}/close", async (string month, CloseBody? body, ClaimsPrincipal user, BooksService service, BooksQueries queries, CancellationToken ct) =>
        {
            if (!MonthlyReportQueries.TryParseMonth(month, out var period)) return BadMonth(month);
            try
            {
                await service.CloseAsync(user, period, body?.ConfirmEarly ?? false, ct);
                return Results.Ok(Json(await queries.MonthAsync(period, ct)));
            }
            catch (BooksException ex) { return Problem(ex); }
        }).RequireAuthorization(Policies.ApiBooksClose).WithName("ClosePeriod");

        group.MapPost("/{month}/reopen", async (string month, ReopenBody? body, ClaimsPrincipal user, BooksService service, BooksQueries queries, CancellationToken ct) =>
        {
            if (!MonthlyReportQueries.TryParseMonth(month, out var period)) return BadMonth(month);
            try
            {
                await service.ReopenAsync(user, period, body?.Reason, ct);
                return Results.Ok(Json(await queries.MonthAsync(period, ct)));
            }
            catch (BooksException ex) { return Problem(ex); }
        }).RequireAuthorization(Policies.ApiBooksReopen).WithName("ReopenPeriod");
        return app;
    }

    private static object Json(PeriodBooks p) => new
    {
        period = p.Month.Label,
        start = p.Month.Start.ToString("yyyy-MM-dd"),
        end = p.Month.End.ToString("yyyy-MM-dd"),
        status = p.Status,
        currency = ReportingCurrency.Code,
        total = Money.Reporting(p.TotalMicros).ToMajor(),
        closedBy = p.Closed ? p.Books!.ClosedBy : null,
        closedAt = p.Closed ? p.Books!.ClosedUtc : null,
        closedTotal = p.Closed ? Money.Reporting(p.Books!.ClosedTotalMicros).ToMajor() : (decimal?)null,
        closeConfirmation = p.Closed ? p.Books!.CloseConfirmation : null,
        restatedSinceClose = Money.Reporting(p.RestatedSinceCloseMicros).ToMajor(),
        adjustmentsBooked = Money.Reporting(p.AdjustmentsBookedMicros).ToMajor(),
        reopenedBy = p.Books?.ReopenedBy,
        reopenedAt = p.Books?.ReopenedUtc,
        reopenReason = p.Books?.ReopenReason,
    };

    private static object AdjustmentJson(AdjustmentLine a) => new
    {
        restatedPeriod = a.Restated.Label,
        foundOn = a.FoundOn.ToString("yyyy-MM-dd"),
        kind = a.Kind,
        orgUnit = a.OrgUnitCode,
        orgUnitName = a.OrgUnit,
        provider = a.Provider.ToString(),
        model = a.Model,
        amount = Money.Reporting(a.CostMicros).ToMajor(),
        description = a.ToString(),
    };

    private static IResult BadMonth(string month) => ApiProblems.Parameter("month", $"'{month}' is not a month in the form YYYY-MM.");

    private static IResult Problem(BooksException ex) =>
        Results.Problem(statusCode: ex.Status, title: ex.Title, detail: ex.Message,
            extensions: ex.Cautions.Count > 0 ? new Dictionary<string, object?> { ["cautions"] = ex.Cautions } : null);
}
