using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// <c>POST /api/v1/budgets/reserve</c> and <c>POST /api/v1/budgets/reservations/{id}/release</c> (scope
/// <c>budgets:check</c>): a gateway holds a request's worst-case cost before sending it, and is refused when that would
/// pass a hard-limited budget. A usage event naming the reservation settles it; otherwise it expires.
/// </summary>
public static class ReservationEndpoints
{
    public static IEndpointRouteBuilder MapReservationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/budgets/reserve", async (HttpContext http, BudgetLedger ledger, BudgetSnapshot snapshot, TimeProvider clock, CancellationToken ct) =>
        {
            JsonDocument body;
            try { body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct); }
            catch (JsonException ex) { return Results.Problem(statusCode: 400, title: "Not JSON", detail: $"The body is not JSON: {ex.Message}"); }
            using (body)
            {
                var (request, errors) = ReservationRequest.Parse(body.RootElement);
                if (request is null)
                    return Results.Problem(statusCode: 400, title: "Invalid reservation", detail: string.Join(" ", errors), extensions: new Dictionary<string, object?> { ["errors"] = errors });
                var (unit, unknown) = ledger.Resolve(request.Who);
                if (unknown) return UnknownUnit(request.Who.OrgUnit!);
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                if (request.Price(snapshot.Prices, today) is not { } amount)
                    return snapshot.Prices.PriceOf(request.Who.Provider!.Value, request.Who.Model!, request.ServiceTier, today) is { } price
                        ? Results.Problem(statusCode: 400, title: "No exchange rate for the price",
                            detail: $"{request.Who.Provider} '{request.Who.Model}' is priced in {price.Currency} and there is no {price.Currency}→{ReportingCurrency.Code} rate for the last {FxTable.MaxLookbackDays} days; send amount instead, or enter the rate on the Exchange rates page.")
                        : Results.Problem(statusCode: 400, title: "No price for the model",
                            detail: $"{request.Who.Provider} '{request.Who.Model}' has no price in the catalog for the {request.ServiceTier} tier; send amount instead, or add the price on the Prices page.");
                var outcome = await ledger.ReserveAsync(unit, amount, request.TtlSeconds, request.RequestId, request.Who.Provider, request.Who.Model, ct);
                var tight = outcome.Tightest;
                return Results.Ok(new
                {
                    allowed = outcome.Allowed,
                    reservationId = outcome.Reservation?.Id,
                    amount = Money.Reporting(outcome.Reservation?.AmountMicros ?? amount).ToMajor(),
                    expiresUtc = outcome.Reservation?.ExpiresUtc,
                    remaining = tight is null ? (decimal?)null : Money.Reporting(tight.RemainingMicros).ToMajor(),
                    orgUnit = outcome.Unit?.Code,
                    budget = tight is null ? (decimal?)null : Money.Reporting(tight.Status.BudgetMicros).ToMajor(),
                    budgetOrgUnit = tight is null ? null : snapshot.UnitOf(tight.Status.OrgUnitId)?.Code,
                    period = tight?.Status.Period.Label,
                    actual = tight is null ? (decimal?)null : Money.Reporting(tight.Status.ActualMicros).ToMajor(),
                    reserved = tight is null ? (decimal?)null : Money.Reporting(tight.ReservedMicros).ToMajor(),
                    hardLimit = tight?.Status.HardLimit ?? false,
                    reason = outcome.Reason,
                });
            }
        }).RequireAuthorization(Policies.ApiBudgetsCheck).WithName("ReserveBudget").WithTags("Budgets");

        app.MapPost("/api/v1/budgets/reservations/{id}/release", async (string id, BudgetLedger ledger, CancellationToken ct) =>
            await ledger.ReleaseAsync(id, ct) is { } r
                ? Results.Ok(new { reservationId = r.Id, status = r.Status.ToString().ToLowerInvariant(), amount = Money.Reporting(r.AmountMicros).ToMajor(), closedUtc = r.ClosedUtc })
                : Results.Problem(statusCode: 404, title: "Unknown reservation", detail: $"No reservation '{id}' is held (never made, or its time to live has passed)."))
            .RequireAuthorization(Policies.ApiBudgetsCheck).WithName("ReleaseReservation").WithTags("Budgets");
        return app;
    }

    public static IResult UnknownUnit(string code) => Results.Problem(statusCode: 404, title: "Unknown org unit", detail: $"'{code}' is not a known org unit code.");
}
