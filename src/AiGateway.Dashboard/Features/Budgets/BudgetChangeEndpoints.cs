using System.Globalization;
using System.Security.Claims;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>
/// The budgets API for changes: Finance and Admin people, or API keys with <c>budgets:write</c>; the same service
/// (validation, audit with who or which key, re-evaluation) as the page. <c>GET …/{id}/periods</c> reads like the
/// budget list (spend:read or a person, within scope).
/// </summary>
public static class BudgetChangeEndpoints
{
    public sealed record CreateBody(string? OrgUnit, string? PeriodKind, decimal? Amount, string? FirstPeriod, int[]? Thresholds,
        bool? ForecastAlert, bool? HardLimit, bool? NotifyFinance);

    public sealed record UpdateBody(decimal? Amount, string? EffectiveFrom, bool? ConfirmPastPeriod, int[]? Thresholds,
        bool? ForecastAlert, bool? HardLimit, bool? NotifyFinance);

    public static IEndpointRouteBuilder MapBudgetChangeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/budgets").WithTags("Budgets");

        group.MapPost("", async (CreateBody body, ClaimsPrincipal user, BudgetsService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct) =>
        {
            if (body.Amount is null) return Field("amount", "The amount is required.");
            if (!Enum.TryParse<PeriodKind>(body.PeriodKind ?? "", ignoreCase: true, out var kind) || int.TryParse(body.PeriodKind, out _))
                return Field("periodKind", "Use monthly, quarterly or annual.");
            DateOnly? first = null;
            if (body.FirstPeriod is not null)
            {
                if (!TryDay(body.FirstPeriod, out var day)) return Field("firstPeriod", $"'{body.FirstPeriod}' is not a date in the form YYYY-MM-DD.");
                first = day;
            }
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var unit = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Code == (body.OrgUnit ?? "").Trim().ToLower(), ct);
            if (unit is null) return Field("orgUnit", $"'{body.OrgUnit}' is not a known org unit code.");
            var input = new BudgetInput(0, unit.Id, kind, body.Amount.Value, Thresholds(body.Thresholds) ?? BudgetThresholds.Default,
                body.ForecastAlert ?? true, body.HardLimit ?? false, body.NotifyFinance ?? true, FirstPeriod: first);
            return await SaveAsync(() => service.SaveAsync(user, input, ct), id => $"/api/v1/budgets/{id}", dbFactory, service, created: true, ct);
        }).RequireAuthorization(Policies.ApiBudgetsWrite).WithName("CreateBudget");

        group.MapPut("/{id:int}", async (int id, UpdateBody body, ClaimsPrincipal user, BudgetsService service, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct) is not { } budget)
                return Results.Problem(statusCode: 404, title: "Unknown budget", detail: $"Budget {id} does not exist.");
            DateOnly? from = null;
            if (body.EffectiveFrom is not null)
            {
                if (!TryDay(body.EffectiveFrom, out var day)) return Field("effectiveFrom", $"'{body.EffectiveFrom}' is not a date in the form YYYY-MM-DD.");
                from = day;
            }
            var input = new BudgetInput(id, budget.OrgUnitId, budget.PeriodKind, body.Amount ?? Money.Reporting(budget.BaseAmountMicros).ToMajor(),
                Thresholds(body.Thresholds) ?? budget.Thresholds, body.ForecastAlert ?? budget.ForecastAlert, body.HardLimit ?? budget.HardLimit,
                body.NotifyFinance ?? budget.NotifyFinance, budget.Version, EffectiveFrom: from, ConfirmPastPeriod: body.ConfirmPastPeriod ?? false);
            return await SaveAsync(() => service.SaveAsync(user, input, ct), _ => null, dbFactory, service, created: false, ct);
        }).RequireAuthorization(Policies.ApiBudgetsWrite).WithName("UpdateBudget");

        group.MapDelete("/{id:int}", async (int id, ClaimsPrincipal user, BudgetsService service, CancellationToken ct) =>
        {
            try
            {
                await service.DeleteAsync(user, id, ct);
                return Results.NoContent();
            }
            catch (KeyNotFoundException ex) { return Results.Problem(statusCode: 404, title: "Unknown budget", detail: ex.Message); }
            catch (UnauthorizedAccessException ex) { return Results.Problem(statusCode: 403, title: "Not allowed", detail: ex.Message); }
        }).RequireAuthorization(Policies.ApiBudgetsWrite).WithName("DeleteBudget");

        group.MapGet("/{id:int}/periods", async (int id, string? from, string? to, HttpContext http, BudgetQueries queries, ScopeResolver scopes, TimeProvider clock, CancellationToken ct) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            if (!TryDay(from ?? today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), out var fromDay) || DateLimits.Problem(fromDay, today) is not null)
                return Field("from", $"'{from}' is not a date from {DateLimits.Earliest:yyyy-MM-dd} to {DateLimits.Latest(today):yyyy-MM-dd} (YYYY-MM-DD).", "parameter");
            if (!TryDay(to ?? today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), out var toDay) || DateLimits.Problem(toDay, today) is not null || toDay < fromDay)
                return Field("to", $"'{to}' is not a date from 'from' to {DateLimits.Latest(today):yyyy-MM-dd} (YYYY-MM-DD).", "parameter");
            var rows = await queries.PeriodsAsync(id, await scopes.ForAsync(http.User, ct), fromDay, toDay, ct);
            if (rows is null) return Results.Problem(statusCode: 404, title: "Unknown budget", detail: $"Budget {id} does not exist or is outside your org units.");
            return Results.Ok(rows.Select(r => new
            {
                period = r.Period.Label,
                start = r.Period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                end = r.Period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                baseAmount = Money.Reporting(r.BaseMicros).ToMajor(),
                @override = r.OverrideMicros is { } o ? Money.Reporting(o).ToMajor() : (decimal?)null,
                adjustments = Money.Reporting(r.AdjustmentMicros).ToMajor(),
                budget = Money.Reporting(r.BudgetMicros).ToMajor(),
                actual = Money.Reporting(r.ActualMicros).ToMajor(),
                variance = Money.Reporting(r.VarianceMicros).ToMajor(),
                used = decimal.Round(r.Used, 4),
                closed = r.Closed,
                dataFrom = r.DataFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }));
        }).RequireAuthorization(Policies.ApiSpendRead).WithName("GetBudgetPeriods");
        return app;
    }

    private static async Task<IResult> SaveAsync(Func<Task<int>> save, Func<int, string?> location, IDbContextFactory<DashboardDbContext> dbFactory,
        BudgetsService service, bool created, CancellationToken ct)
    {
        int id;
        try
        {
            id = await save();
        }
        catch (BudgetValidationException ex) when (ex.IsConflict)
        {
            return Results.Problem(statusCode: 409, title: "Budget exists", detail: ex.Message);
        }
        catch (BudgetValidationException ex)
        {
            var first = ex.Errors[0];
            return Results.Problem(statusCode: 400, title: $"Invalid field '{JsonNames.Camel(first.Field)}'", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["errors"] = ex.Errors.ToDictionary(e => JsonNames.Camel(e.Field), e => e.Message) });
        }
        catch (UnauthorizedAccessException ex)
        {
            return Results.Problem(statusCode: 403, title: "Not allowed", detail: ex.Message);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var budget = await db.Budgets.AsNoTracking().SingleAsync(b => b.Id == id, ct);
        var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == budget.OrgUnitId, ct);
        var changes = await db.BudgetAmountChanges.AsNoTracking().Where(c => c.BudgetId == id).OrderBy(c => c.EffectiveFrom).ToListAsync(ct);
        var body = new
        {
            id = budget.Id,
            orgUnit = unit.Code,
            periodKind = budget.PeriodKind.ToString().ToLowerInvariant(),
            firstPeriod = budget.FirstPeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            amount = Money.Reporting(budget.BaseAmountMicros).ToMajor(),
            amountHistory = changes.Select(c => new { effectiveFrom = c.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), amount = Money.Reporting(c.AmountMicros).ToMajor(), changedBy = c.ChangedBy }),
            thresholds = BudgetThresholds.Parse(budget.Thresholds),
            forecastAlert = budget.ForecastAlert,
            hardLimit = budget.HardLimit,
            notifyFinance = budget.NotifyFinance,
            warnings = service.WarningsOf(id),
        };
        return created ? Results.Created(location(id), body) : Results.Ok(body);
    }

    private static string? Thresholds(int[]? values) => values is null ? null : string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDay(string text, out DateOnly day) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static IResult Field(string name, string detail, string kind = "field") =>
        Results.Problem(statusCode: 400, title: $"Invalid {kind} '{name}'", detail: detail, extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string> { [name] = detail } });

}
