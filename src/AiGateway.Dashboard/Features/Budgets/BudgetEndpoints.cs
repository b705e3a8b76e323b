using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// <c>GET /api/v1/budgets/check?orgUnit=CODE</c> (scope <c>budgets:check</c>) answers gateways from the in-memory
/// snapshot; <c>GET /api/v1/budgets</c> lists budget states within the caller's scope.
/// </summary>
public static class BudgetEndpoints
{
    public static IEndpointRouteBuilder MapBudgetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/budgets/check", (string? orgUnit, BudgetSnapshot snapshot) =>
        {
            if (string.IsNullOrWhiteSpace(orgUnit))
                return Results.Problem(statusCode: 400, title: "Invalid parameter 'orgUnit'", detail: "Send the org unit's code: ?orgUnit=CODE.");
            if (snapshot.Check(orgUnit) is not { } check)
                return Results.Problem(statusCode: 404, title: "Unknown org unit", detail: $"'{orgUnit}' is not a known org unit code.");
            var budget = check.Blocking ?? check.Own;
            return Results.Ok(new BudgetCheckResponse(
                check.Allowed,
                check.Unit.Code,
                budget?.Period.Label,
                budget is null ? null : Money.OfUsd(budget.BudgetMicros).ToMajor(),
                budget is null ? null : Money.OfUsd(budget.ActualMicros).ToMajor(),
                budget is null ? null : Money.OfUsd(budget.RemainingMicros).ToMajor(),
                budget?.HardLimit ?? false,
                check.Blocking is { } b && b.OrgUnitId != check.Unit.Id ? "an ancestor's hard-limited budget is exhausted" : check.Blocking is null ? null : "the hard-limited budget is exhausted",
                check.EvaluatedUtc));
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
                budget = Money.OfUsd(s.BudgetMicros).ToMajor(),
                actual = Money.OfUsd(s.ActualMicros).ToMajor(),
                forecast = s.Forecast.ForecastMicros is { } f ? Money.OfUsd(f).ToMajor() : (decimal?)null,
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

public sealed record BudgetCheckResponse(bool Allowed, string OrgUnit, string? Period, decimal? Budget, decimal? Actual, decimal? Remaining,
    bool HardLimit, string? Reason, DateTime EvaluatedUtc);
