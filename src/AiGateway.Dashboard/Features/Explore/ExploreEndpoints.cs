using System.Text;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;

namespace AiGateway.Dashboard.Features.Explore;

/// <summary><c>GET /explore/export.csv?…</c>: the grid of the view in the query string, for the signed-in person's scope.</summary>
public static class ExploreEndpoints
{
    public static IEndpointRouteBuilder MapExploreEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/explore/export.csv", async (HttpContext http, ExploreQueries queries, ScopeResolver scopes, CancellationToken ct) =>
        {
            var state = ExploreState.FromQuery(http.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));
            var result = await queries.LoadAsync(state, await scopes.ForAsync(http.User, ct), ct);
            if (result.Error is not null) return Results.Problem(statusCode: 400, title: "Invalid view", detail: result.Error);
            // Every column has a header (the split column only when there is a split), and every row says its period in UTC days.
            var csv = new StringBuilder();
            // Amounts are named by their currency: cost_usd in a USD installation, cost_eur in a EUR one.
            var currency = ReportingCurrency.Code.ToLowerInvariant();
            string[] head = [ExploreState.Camel(state.GroupBy), .. state.Split is { } s ? [ExploreState.Camel(s)] : Array.Empty<string>(),
                "from_utc_day", "to_utc_day", "cost_" + currency, "estimated_" + currency, "input_tokens", "output_tokens", "requests", "cost_per_1k_tokens_" + currency, "share"];
            csv.Append(Csv.Line(head));
            static string Int(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var r in result.Rows)
            {
                string[] split = state.Split is null ? [] : [Csv.Field(r.SplitLabel)];
                csv.Append(Csv.Line([Csv.Field(r.GroupLabel), .. split, result.Window.From.ToString("yyyy-MM-dd"), result.Window.To.ToString("yyyy-MM-dd"),
                    Csv.Number(Money.Reporting(r.CostMicros).ToMajor()), Csv.Number(Money.Reporting(r.EstimatedMicros).ToMajor()), Int(r.InputTokens), Int(r.OutputTokens), Int(r.Requests),
                    r.CostPer1kTokensMicros is { } c ? Csv.Number(Money.Reporting(c).ToMajor()) : "", Csv.Number(decimal.Round(r.Share, 6))]));
            }
            var name = $"spend-{result.Window.From:yyyyMMdd}-{result.Window.To:yyyyMMdd}-by-{ExploreState.Camel(state.GroupBy)}.csv";
            return Results.File(Csv.Utf8(csv), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(Policies.SeeSpend).RequireRateLimiting(Auth.RateLimitRegistration.ExpensivePolicy).ExcludeFromDescription();
        return app;
    }
}
