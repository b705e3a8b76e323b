using System.Globalization;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Features.Spend;

/// <summary><c>GET /api/v1/spend</c> (DESIGN.md §7): amounts are JSON numbers in major units, exact.</summary>
public static class SpendEndpoints
{
    public const int MaxDays = 3_700;

    public static IEndpointRouteBuilder MapSpendEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/spend", GetSpendAsync)
            .RequireAuthorization(Policies.ApiSpendRead)
            .WithName("GetSpend")
            .WithSummary("Spend between two UTC days (both inclusive), grouped by provider, model, orgUnit, project, connection or day.")
            .Produces<SpendResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> GetSpendAsync(string? from, string? to, string? groupBy,
        string? provider, string? model, string? orgUnit, string? project, string? connection, string? basis, string? kind,
        HttpContext http, SpendQueries queries, ScopeResolver scopes,
        IDbContextFactory<DashboardDbContext> dbFactory, Fx.FxService fx, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (window, rangeProblem) = ApiProblems.Range(from, to, new DateOnly(today.Year, today.Month, 1), today, today, MaxDays);
        if (rangeProblem is not null) return rangeProblem;
        var (fromDay, toDay) = (window.From, window.To);

        if (!TryParseBasis(basis, out var spendBasis))
            return ApiProblems.Parameter("basis", $"'{basis}' is not a basis; use booked (closed months as closed, adjustments where booked) or usage (by usage date).");

        if (kind is not (null or "" or "all" or "billed"))
            return ApiProblems.Parameter("kind", $"'{kind}' is not a kind; use billed (billed spend only) or leave it out (billed plus gateway estimates not billed yet).");

        var dimensions = new List<SpendDimension>();
        foreach (var part in (groupBy ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<SpendDimension>(part, ignoreCase: true, out var d) || int.TryParse(part, out _) || d == SpendDimension.Month)
                return ApiProblems.Parameter("groupBy", $"'{part}' is not a known dimension; use {string.Join(", ", Enum.GetNames<SpendDimension>().Where(n => n != nameof(SpendDimension.Month)).Select(JsonNames.Camel))}.");
            dimensions.Add(d);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tree = new OrgTree(await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken));
        var text = new SpendFilterText(provider, model, orgUnit, project, connection);
        var (filter, badParameter, error) = text.Parse(tree);
        if (filter is null) return ApiProblems.Parameter(badParameter!, error!);
        var scope = await scopes.ForAsync(http.User, cancellationToken);
        var outside = text.FirstOutside(scope, tree);
        if (outside is not null)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your org units",
                detail: $"'{outside}' is not one of your org units.", extensions: new Dictionary<string, object?> { ["parameter"] = "orgUnit" });
        }

        var rows = await queries.QueryAsync(new SpendQuery(fromDay, toDay, dimensions) { Filter = filter, Scope = scope, Basis = spendBasis, BilledOnly = kind == "billed" }, cancellationToken);
        var units = tree.Units.ToDictionary(u => u.Id);
        var connections = dimensions.Contains(SpendDimension.Connection)
            ? await db.Connections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken)
            : [];

        var projectNames = dimensions.Contains(SpendDimension.Project)
            ? await Overview.OverviewQueries.ProjectNamesAsync(db, cancellationToken)
            : [];
        var total = rows.Sum(r => r.CostMicros);
        return Results.Ok(new SpendResponse(
            ReportingCurrency.Code,
            fromDay.ToString("yyyy-MM-dd"),
            toDay.ToString("yyyy-MM-dd"),
            Money.Reporting(total).ToMajor(),
            rows.Select(r => new SpendResponseRow
            {
                Provider = dimensions.Contains(SpendDimension.Provider) ? r.Key.Provider?.ToString() : null,
                Model = r.Key.Model,
                OrgUnit = dimensions.Contains(SpendDimension.OrgUnit)
                    ? (r.Key.OrgUnitId is { } id && units.TryGetValue(id, out var u) ? u.Name : "Unallocated")
                    : null,
                OrgUnitCode = r.Key.OrgUnitId is { } uid && units.TryGetValue(uid, out var unit) ? unit.Code : null,
                Project = r.Key.Project,
                ProjectName = r.Key.Project is { } project ? projectNames.GetValueOrDefault(project) : null,
                Connection = r.Key.ConnectionId is { } cid ? connections.GetValueOrDefault(cid, cid.ToString(CultureInfo.InvariantCulture)) : null,
                ConnectionId = r.Key.ConnectionId,
                Day = r.Key.Day?.ToString("yyyy-MM-dd"),
                Cost = Money.Reporting(r.CostMicros).ToMajor(),
                Billed = Money.Reporting(r.BilledMicros).ToMajor(),
                Estimated = Money.Reporting(r.EstimatedMicros).ToMajor(),
                InputTokens = r.InputTokens,
                CachedInputTokens = r.CachedInputTokens,
                OutputTokens = r.OutputTokens,
                Requests = r.Requests,
            }).ToList(),
            JsonNames.Camel(spendBasis.ToString()),
            Money.Reporting(rows.Sum(r => r.BilledMicros)).ToMajor(),
            Money.Reporting(rows.Sum(r => r.EstimatedMicros)).ToMajor(),
            // Rows waiting for an exchange rate count 0 in every figure above: said here, never silently.
            (await fx.GapsAsync(fromDay, toDay, cancellationToken)).Select(g => new SpendUnconverted(
                g.Day.ToString("yyyy-MM-dd"), g.Rows, new Money(g.OriginalMicros, g.From).ToMajor(), g.From, g.Describe())).ToList()));
    }

    internal static bool TryParseBasis(string? value, out SpendBasis basis)
    {
        basis = SpendBasis.Booked;
        return string.IsNullOrEmpty(value) || (Enum.TryParse(value, ignoreCase: true, out basis) && !int.TryParse(value, out _));
    }
}
