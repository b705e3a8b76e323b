using System.Text.Json;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Budgets;

/// <summary>The body of <c>POST /api/v1/budgets/reserve</c>, read field by field so that every bad field is named.</summary>
/// <param name="AmountMicros">The request's worst case, given directly; null when given as tokens.</param>
public sealed record ReservationRequest(GatewayAttribution Who, long? AmountMicros, long InputTokens, long CachedInputTokens, long CacheWriteTokens, long OutputTokens,
    string ServiceTier, int TtlSeconds, string? RequestId)
{
    public static (ReservationRequest? Request, IReadOnlyList<string> Errors) Parse(JsonElement body)
    {
        var problems = new List<string>();
        if (body.ValueKind != JsonValueKind.Object) return (null, ["The body must be a JSON object."]);
        var who = new GatewayAttribution(
            JsonFields.Text(body, "orgUnit", 100, required: false, problems),
            JsonFields.Text(body, "project", 200, required: false, problems),
            JsonFields.Text(body, "apiKey", 200, required: false, problems),
            JsonFields.Tags(body, problems),
            JsonFields.Provider(body, "provider", required: false, problems),
            JsonFields.Text(body, "model", 200, required: false, problems));
        if (who.IsEmpty) problems.Add("name who spends: orgUnit, project, apiKey or tags.");
        var amount = JsonFields.Usd(body, "amount", problems);
        var input = JsonFields.Count(body, "inputTokens", 0, JsonFields.MaxTokens, problems);
        var cached = JsonFields.Count(body, "cachedInputTokens", 0, JsonFields.MaxTokens, problems);
        var write = JsonFields.Count(body, "cacheWriteTokens", 0, JsonFields.MaxTokens, problems);
        var output = JsonFields.Count(body, "outputTokens", 0, JsonFields.MaxTokens, problems);
        var tier = JsonFields.Tier(body, problems);
        var tokens = input + cached + write + output > 0;
        if (amount is null && !tokens) problems.Add("send amount (in the reporting currency, the request's worst case) or a token estimate (inputTokens, outputTokens, …).");
        if (amount is null && tokens && (who.Provider is null || who.Model is null)) problems.Add("a token estimate needs provider and model, to be priced by the catalog.");
        var ttl = JsonFields.Count(body, "ttlSeconds", BudgetReservation.DefaultTtlSeconds, BudgetReservation.MaxTtlSeconds, problems);
        if (ttl == 0) problems.Add($"ttlSeconds must be from 1 to {BudgetReservation.MaxTtlSeconds:N0}.");
        var requestId = JsonFields.Text(body, "requestId", 200, required: false, problems);
        return problems.Count > 0 ? (null, problems) : (new ReservationRequest(who, amount, input, cached, write, output, tier, (int)ttl, requestId), []);
    }

    /// <summary>The amount to hold: as sent, or the token estimate at the price in force today; null when the model has no price (or its price's currency no rate).</summary>
    public long? Price(PriceBook prices, DateOnly today) =>
        AmountMicros ?? prices.CostOf(Who.Provider!.Value, Who.Model!, ServiceTier, today, InputTokens, CachedInputTokens, CacheWriteTokens, OutputTokens);
}
