using System.Globalization;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Prices;

/// <summary><c>GET /api/v1/prices?provider=&amp;model=&amp;at=YYYY-MM-DD</c>: the price catalog, USD per million tokens (exact JSON numbers).</summary>
public static class PricesEndpoints
{
    public static IEndpointRouteBuilder MapPricesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/prices", async (string? provider, string? model, string? at, PricesService prices, CancellationToken ct) =>
        {
            ProviderKind? kind = null;
            if (!string.IsNullOrEmpty(provider))
            {
                if (!Enum.TryParse<ProviderKind>(provider, ignoreCase: true, out var k) || int.TryParse(provider, out _))
                    return ApiProblems.Parameter("provider", $"'{provider}' is not a provider; use {string.Join(", ", Enum.GetNames<ProviderKind>())}.");
                kind = k;
            }
            DateOnly? day = null;
            if (!string.IsNullOrEmpty(at))
            {
                if (!DateOnly.TryParseExact(at, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return ApiProblems.Parameter("at", $"'{at}' is not a date in the form YYYY-MM-DD.");
                day = d;
            }
            if (model is { Length: > 200 }) return ApiProblems.Parameter("model", "The model text is longer than 200 characters.");
            var rows = await prices.ListAsync(kind, model, day, ct);
            return Results.Ok(rows.Select(p => new
            {
                provider = p.Provider.ToString(),
                model = p.Model,
                serviceTier = p.ServiceTier,
                currency = p.Currency,
                unit = "1000000 tokens",
                input = Money.OfUsd(p.InputPerMillionMicros).ToMajor(),
                cachedInput = Money.OfUsd(p.CachedInputPerMillionMicros).ToMajor(),
                cacheWrite = Money.OfUsd(p.CacheWritePerMillionMicros).ToMajor(),
                cacheWrite1h = p.CacheWrite1hPerMillionMicros is { } h ? Money.OfUsd(h).ToMajor() : (decimal?)null,
                output = Money.OfUsd(p.OutputPerMillionMicros).ToMajor(),
                effectiveFrom = p.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                origin = JsonNames.Camel(p.Origin.ToString()),
                source = p.Source,
            }));
        }).RequireAuthorization(Policies.ApiBooksRead).WithName("ListPrices").WithTags("Prices");
        return app;
    }
}
