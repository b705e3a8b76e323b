using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Approvals;

/// <summary>
/// Budget increase requests over HTTP for signed-in people (the same rules as the page; API keys cannot act as a
/// person). Bad input → 400, not allowed → 403, unknown → 404, decided meanwhile → 409, all as problem details.
/// </summary>
public static class ApprovalEndpoints
{
    public sealed record CreateBody(int BudgetId, decimal Amount, string? Coverage, int? Periods, string? Justification, string? ExpectedOutcome, int? OutcomeMetricId, long? OutcomeTarget);

    public sealed record DecisionBody(decimal? Amount, string? Comment);

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/budget-requests").RequireAuthorization(Policies.ApiPerson).WithTags("Budget requests");

        group.MapGet("", async (HttpContext http, string? status, string? view, ApprovalQueries queries, CancellationToken ct) =>
        {
            BudgetRequestStatus? filter = null;
            if (!string.IsNullOrWhiteSpace(status))
            {
                if (!Enum.TryParse<BudgetRequestStatus>(status, true, out var parsed) || int.TryParse(status, out _))
                    return Results.Problem(statusCode: 400, title: "Invalid parameter 'status'", detail: $"Use one of {string.Join(", ", Enum.GetNames<BudgetRequestStatus>().Select(JsonNames.Camel))}.");
                filter = parsed;
            }
            var v = RequestView.All;
            if (!string.IsNullOrWhiteSpace(view) && (!Enum.TryParse(view, true, out v) || int.TryParse(view, out _)))
                return Results.Problem(statusCode: 400, title: "Invalid parameter 'view'", detail: "Use waitingForMe, mine or all.");
            var rows = await queries.ListAsync(http.User, v, filter, null, ct);
            return Results.Ok(rows.Select(r => Json(r.Request, r.Unit, r.CanDecide)));
        }).WithName("ListBudgetRequests");

        group.MapPost("", async (HttpContext http, CreateBody body, ApprovalsService service, ApprovalQueries queries, CancellationToken ct) =>
        {
            if (!Enum.TryParse<BudgetRequestCoverage>(body.Coverage ?? nameof(BudgetRequestCoverage.ThisPeriod), true, out var coverage) || int.TryParse(body.Coverage, out _))
                return Results.Problem(statusCode: 400, title: "Invalid field 'coverage'", detail: "Use thisPeriod, nextPeriods or permanent.");
            return await Handle(async () =>
            {
                var id = await service.CreateAsync(http.User, new BudgetRequestInput(body.BudgetId, body.Amount, coverage, body.Periods ?? 1, body.Justification ?? "",
                    body.ExpectedOutcome ?? "", body.OutcomeMetricId, body.OutcomeTarget), ct);
                var row = (await queries.ListAsync(http.User, RequestView.Mine, null, body.BudgetId, ct)).Single(r => r.Request.Id == id);
                return Results.Created($"/api/v1/budget-requests/{id}", Json(row.Request, row.Unit, row.CanDecide));
            });
        }).WithName("CreateBudgetRequest");

        group.MapPost("/{id:int}/approve", (HttpContext http, int id, DecisionBody? body, ApprovalsService service, CancellationToken ct) =>
            Handle(async () => Results.Ok(Json(await service.ApproveAsync(http.User, id, body?.Amount, body?.Comment, ct), null, false))))
            .WithName("ApproveBudgetRequest");

        group.MapPost("/{id:int}/reject", (HttpContext http, int id, DecisionBody? body, ApprovalsService service, CancellationToken ct) =>
            Handle(async () => Results.Ok(Json(await service.RejectAsync(http.User, id, body?.Comment, ct), null, false))))
            .WithName("RejectBudgetRequest");

        group.MapPost("/{id:int}/cancel", (HttpContext http, int id, ApprovalsService service, CancellationToken ct) =>
            Handle(async () => Results.Ok(Json(await service.CancelAsync(http.User, id, ct), null, false))))
            .WithName("CancelBudgetRequest");
        return app;
    }

    private static async Task<IResult> Handle(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (BudgetRequestException ex)
        {
            return Results.Problem(statusCode: 400, title: $"Invalid field '{JsonNames.Camel(ex.Field)}'", detail: ex.Message);
        }
        catch (BudgetRequestConflictException ex)
        {
            return Results.Problem(statusCode: 409, title: "Already decided", detail: ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Results.Problem(statusCode: 403, title: "Not allowed", detail: ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: ex.Message);
        }
    }

    private static object Json(BudgetRequest r, OrgUnit? unit, bool canDecide) => new
    {
        id = r.Id,
        budgetId = r.BudgetId,
        orgUnitId = r.OrgUnitId,
        orgUnit = unit?.Code,
        status = JsonNames.Camel(r.Status.ToString()),
        requester = r.RequesterEmail,
        createdUtc = r.CreatedUtc,
        amount = Money.Reporting(r.AmountMicros).ToMajor(),
        coverage = JsonNames.Camel(r.Coverage.ToString()),
        periods = r.PeriodCount,
        covers = r.Describe(),
        firstPeriodStart = r.FirstPeriodStart,
        justification = r.Justification,
        expectedOutcome = r.ExpectedOutcome,
        outcomeMetricId = r.OutcomeMetricId,
        outcomeTarget = r.OutcomeTarget,
        budgetAtRequest = Money.Reporting(r.BudgetAtRequestMicros).ToMajor(),
        needsSecondApproval = r.NeedsSecondApproval,
        firstApprover = r.FirstApproverEmail,
        firstApprovedUtc = r.FirstApprovedUtc,
        firstApprovedAmount = r.FirstApprovedAmountMicros is { } f ? Money.Reporting(f).ToMajor() : (decimal?)null,
        decidedBy = r.DecidedByEmail,
        decidedUtc = r.DecidedUtc,
        comment = r.DecisionComment,
        approvedAmount = r.ApprovedAmountMicros is { } a ? Money.Reporting(a).ToMajor() : (decimal?)null,
        canDecide,
    };

}
