using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// <c>GET /api/v1/budgets/check?orgUnit=CODE</c> (or <c>?project=</c>, <c>?apiKey=</c>, resolved through the allocation
/// rules; scope <c>budgets:check</c>) answers gateways from the in-memory snapshot, open reservations counted as spent; <c>GET /api/v1/budgets</c> lists budget states within the caller's scope.
/// </summary>
public static class BudgetEndpoints
{
    public static IEndpointRouteBuilder MapBudgetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/budgets/check", async (string? orgUnit, string? project, string? apiKey, string? provider, string? model, BudgetLedger ledger,
            CancellationToken ct) =>
        {
            ProviderKind? kind = null;
            if (!string.IsNullOrWhiteSpace(provider))
            {
                if (!Enum.TryParse<ProviderKind>(provider, ignoreCase: true, out var parsed) || int.TryParse(provider, out _))
                    return ApiProblems.Parameter("provider", $"'{provider}' is not a known provider.");
                kind = parsed;
            }
            var who = new GatewayAttribution(orgUnit, project, apiKey, null, kind, model);
            if (who.IsEmpty) return ApiProblems.Parameter("orgUnit", "Name who spends: ?orgUnit=CODE, or ?project=ID or ?apiKey=ID (resolved through the allocation rules).");
            var (unit, unknown) = ledger.Resolve(who);
            if (unknown) return ReservationEndpoints.UnknownUnit(orgUnit!);
            if (unit is null)
                return Results.Ok(new BudgetCheckResponse(true, null, null, null, null, null, false, "not attributed to an org unit: no budget applies", DateTime.MinValue, null));
            var check = await ledger.CheckAsync(unit, ct);
            var budget = check.Blocking ?? check.Own;
            return Results.Ok(new BudgetCheckResponse(
                check.Allowed,
                check.Unit.Code,
                budget?.Period.Label,
                budget is null ? null : Money.Reporting(budget.BudgetMicros).ToMajor(),
                budget is null ? null : Money.Reporting(budget.ActualMicros).ToMajor(),
                budget is null ? null : Money.Reporting(budget.RemainingMicros - check.ReservedMicros).ToMajor(),
                budget?.HardLimit ?? false,
                check.Blocking is { } b && b.OrgUnitId != check.Unit.Id ? "an ancestor's hard-limited budget is exhausted" : check.Blocking is null ? null : "the hard-limited budget is exhausted",
                check.EvaluatedUtc,
                budget is null ? null : Money.Reporting(check.ReservedMicros).ToMajor()));
        }).RequireAuthorization(Policies.ApiBudgetsCheck).WithName("CheckBudget").WithTags("Budgets");

        app.MapGet("/api/v1/budgets", async (HttpContext http, BudgetSnapshot snapshot, ScopeResolver scopes, TimeProvider clock, CancellationToken ct) =>
        {
            var scope = await scopes.ForAsync(http.User, ct);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            return Results.Ok(snapshot.All.Where(s => scope.CanSee(s.OrgUnitId)).Select(s => new
            {
                budgetId = s.BudgetId,
                orgUnitId = s.OrgUnitId,
                orgUnit = snapshot.UnitOf(s.OrgUnitId)?.Code,
                orgUnitName = snapshot.UnitOf(s.OrgUnitId)?.Name,
                period = s.Period.Label,
                periodKind = s.Period.Kind.ToString(),
                budget = Money.Reporting(s.BudgetMicros).ToMajor(),
                actual = Money.Reporting(s.ActualMicros).ToMajor(),
                forecast = s.Forecast.ForecastMicros is { } f ? Money.Reporting(f).ToMajor() : (decimal?)null,
                used = decimal.Round(s.Used, 4),
                state = s.State.ToString(),
                daysUntilExhausted = s.DaysUntilExhausted(today),
                remainingDays = s.RemainingDays(today),
                hardLimit = s.HardLimit,
            }));
        }).RequireAuthorization(Policies.ApiSpendRead).WithName("ListBudgets").WithTags("Budgets");
        return app;
    }
}

/// <param name="Remaining">Budget − actual (live estimates included) − open reservations.</param>
public sealed record BudgetCheckResponse(bool Allowed, string? OrgUnit, string? Period, decimal? Budget, decimal? Actual, decimal? Remaining,
    bool HardLimit, string? Reason, DateTime EvaluatedUtc, decimal? Reserved);
