using System.Globalization;
using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Features.Fx;

/// <summary>
/// Exchange rates over HTTP: <c>GET /api/v1/fx/rates?currency=&amp;from=&amp;to=</c>, <c>GET /api/v1/fx/gaps?from=&amp;to=</c> (rows waiting
/// for a rate) and <c>POST /api/v1/fx/rates</c> (Finance, or a key with <c>books:close</c>): a CSV body of <c>day,from,to,rate</c>
/// or a JSON array of <c>{day, from, to, rate}</c>. Rates are exact JSON numbers: 1 <c>from</c> = <c>rate</c> <c>to</c>.
/// </summary>
public static class FxEndpoints
{
    public sealed record RateBody(string? Day, string? From, string? To, decimal? Rate);

    public static IEndpointRouteBuilder MapFxEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/fx").WithTags("Exchange rates");

        group.MapGet("/rates", async (string? currency, string? from, string? to, FxService fx, TimeProvider time, CancellationToken ct) =>
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var (window, problem) = ApiProblems.Range(from, to, today.AddDays(-31), today, today, 3_700);
            if (problem is not null) return problem;
            if (currency is { Length: > 0 } c && (c.Length != 3 || !c.All(char.IsAsciiLetter))) return ApiProblems.Parameter("currency", $"'{c}' is not a three-letter currency code.");
            var rates = await fx.ListAsync(currency, window.From, window.To, ct);
            return Results.Ok(new
            {
                reportingCurrency = fx.ReportingCurrency,
                rates = rates.Select(r => new { day = r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), from = r.From, to = r.To, rate = r.Rate, source = r.Source, updatedUtc = r.UpdatedUtc }),
            });
        }).RequireAuthorization(Policies.ApiBooksRead).WithName("ListFxRates");

        group.MapGet("/gaps", async (string? from, string? to, FxService fx, TimeProvider time, CancellationToken ct) =>
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var (window, problem) = ApiProblems.Range(from, to, new DateOnly(today.Year, today.Month, 1).AddMonths(-3), today, today, 3_700);
            if (problem is not null) return problem;
            var gaps = await fx.GapsAsync(window.From, window.To, ct);
            return Results.Ok(gaps.Select(g => new
            {
                day = g.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), from = g.From, to = g.To, rows = g.Rows,
                original = new { amount = g.OriginalMicros / 1_000_000m, currency = g.From }, description = g.Describe(),
            }));
        }).RequireAuthorization(Policies.ApiBooksRead).WithName("ListFxGaps");

        group.MapPost("/rates", async (HttpRequest request, ClaimsPrincipal user, FxService fx, CancellationToken ct) =>
        {
            var actor = ScopeResolver.EmailOf(user) ?? user.Identity?.Name ?? "api key";
            try
            {
                FxUpdate update;
                if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
                {
                    using var reader = new StreamReader(request.Body);
                    var text = await reader.ReadToEndAsync(ct);
                    update = await fx.ImportCsvAsync(text, actor, ct);
                }
                else
                {
                    RateBody[]? body;
                    try
                    {
                        body = await request.ReadFromJsonAsync<RateBody[]>(ct);
                    }
                    catch (System.Text.Json.JsonException ex)
                    {
                        return Results.Problem(statusCode: 400, title: "Invalid rates", detail: $"The body is not a JSON array of {{day, from, to, rate}}: {ex.Message}");
                    }
                    if (body is null || body.Length == 0) return Results.Problem(statusCode: 400, title: "Invalid rates", detail: "Send a JSON array of {day, from, to, rate}, or a text/csv body.");
                    var csv = string.Join('\n', body.Select(b => $"{b.Day},{b.From},{b.To},{b.Rate?.ToString(CultureInfo.InvariantCulture)}"));
                    update = await fx.ImportCsvAsync(csv, actor, ct);
                }
                return Results.Ok(new { ratesWritten = update.RatesWritten, ratesUnchanged = update.RatesUnchanged, rowsConverted = update.RowsConverted, skipped = update.Skipped });
            }
            catch (FxValidationException ex)
            {
                return Results.Problem(statusCode: 400, title: "Invalid rates", detail: ex.Message);
            }
        }).RequireAuthorization(Policies.ApiBooksClose).WithName("SaveFxRates");
        return app;
    }
}
