using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Features.Reconciliation;

/// <summary>
/// <c>GET /api/v1/reconciliation?from=&amp;to=&amp;groupBy=provider,project,day</c>: billed against estimated with a class
/// per row (matched, untracked, overestimated, underestimated, unpriced, notYetBilled). A key with spend:read, or
/// Finance and Admin people; a Manager sees the units of their subtree.
/// </summary>
public static class ReconciliationEndpoints
{
    public const int MaxDays = 400;

    public static IEndpointRouteBuilder MapReconciliationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reconciliation", async (string? from, string? to, string? groupBy, HttpContext http, ReconciliationQueries queries, ScopeResolver scopes,
            TimeProvider clock, CancellationToken ct) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var (window, problem) = ApiProblems.Range(from, to, new DateOnly(today.Year, today.Month, 1), today, today, MaxDays);
            if (problem is not null) return problem;
            var (dimensions, bad) = ReconciliationQueries.ParseGroupBy(groupBy);
            if (dimensions is null)
                return ApiProblems.Parameter("groupBy", $"'{bad}' is not a dimension; use {string.Join(", ", Enum.GetNames<ReconciliationDimension>().Select(JsonNames.Camel))}.");
            var report = await queries.QueryAsync(window, dimensions, await scopes.ForAsync(http.User, ct), ct);
            return Results.Ok(new
            {
                from = report.Window.From,
                to = report.Window.To,
                currency = ReportingCurrency.Code,
                groupBy = report.GroupBy.Select(d => JsonNames.Camel(d.ToString())),
                tolerancePercent = report.TolerancePercent,
                billedThrough = report.BilledThrough.OrderBy(b => b.Key).ToDictionary(b => b.Key.ToString(), b => b.Value),
                totals = Figures(report.Totals, null),
                byClass = report.ByClass.OrderBy(c => c.Key).ToDictionary(c => ClassName(c.Key), c => Figures(c.Value, null)),
                rows = report.Rows.Select(r => new
                {
                    provider = r.Provider?.ToString(),
                    project = r.Project,
                    model = r.Model,
                    day = r.Day,
                    figures = Figures(r.Figures, r.Class),
                }),
            });
        }).RequireAuthorization(Policies.ApiReports).WithName("Reconciliation").WithTags("Reconciliation");
        return app;
    }

    public static string ClassName(ReconciliationClass c) => JsonNames.Camel(c.ToString());

    private static object Figures(ReconciliationFigures f, ReconciliationClass? c) => new
    {
        billed = Money.Reporting(f.BilledMicros).ToMajor(),
        estimated = Money.Reporting(f.EstimatedMicros).ToMajor(),
        notYetBilled = Money.Reporting(f.PendingMicros).ToMajor(),
        difference = Money.Reporting(f.DifferenceMicros).ToMajor(),
        differencePercent = f.DifferencePercent,
        gatewayCost = f.GatewayCostEvents > 0 ? Money.OfUsd(f.GatewayCostMicros).ToMajor() : (decimal?)null,
        gatewayCostCurrency = Money.Usd,
        events = f.Events,
        unpricedEvents = f.UnpricedEvents,
        @class = c is { } k ? ClassName(k) : null,
    };
}
