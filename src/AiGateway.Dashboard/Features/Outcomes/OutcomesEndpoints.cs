using System.Security.Claims;
using AiGateway.Dashboard.Auth;

namespace AiGateway.Dashboard.Features.Outcomes;

/// <summary><c>POST /api/v1/outcomes</c> (scope <c>usage:write</c>): daily outcome counts, all or nothing.</summary>
public static class OutcomesEndpoints
{
    public static IEndpointRouteBuilder MapOutcomesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/outcomes", async (OutcomesRequest? request, OutcomesService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var result = await service.RecordAsync(request?.Items ?? [], user.Identity?.Name ?? "api", ct);
            return result.Ok
                ? Results.Ok(new { recorded = result.Recorded })
                : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Outcome counts refused; nothing was recorded",
                    detail: string.Join(" ", result.Errors), extensions: new Dictionary<string, object?> { ["errors"] = result.Errors });
        }).RequireAuthorization(Policies.ApiUsageWrite).WithName("RecordOutcomes").WithTags("Outcomes");
        return app;
    }
}

public sealed record OutcomesRequest(IReadOnlyList<OutcomeEntry>? Items);
