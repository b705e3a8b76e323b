using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Http;

namespace AiGateway.Dashboard.Providers.Mistral;

/// <summary>
/// Mistral's Admin API (Enterprise plans, <c>x-api-key</c>): <c>GET /usage?month=&amp;year=</c> per month the window touches gives the
/// organization's cost by category (chat, completion, ocr, audio, connectors, libraries_api, fine_tuning, vibe_usage) with the period
/// and the currency. Mistral reports months, not days: a month's amount so far is booked on its first day, and each run replaces the
/// months it asked for. The answer's layout within a category is read generically (a cost under each model or line, never a total
/// beside its parts), as the documentation names the categories but not every field.
/// </summary>
public sealed class MistralBillingClient(ProviderHttp http) : IBillingClient
{
    public const string DefaultBaseUrl = "https://console.mistral.ai/api/admin";
    private const string Provider = "Mistral";
    private static readonly string[] CostNames = ["cost", "amount", "total_cost", "price", "billed"];
    private static readonly string[] Skipped = ["start_date", "end_date", "currency", "month", "year", "workspace_id", "object", "id"];

    public ProviderKind Kind => ProviderKind.Mistral;

    public async Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var baseUri = BaseUri(request.Connection);
        var rows = new List<(CostRecord Row, decimal Exact)>();
        var first = new DateOnly(request.Window.From.Year, request.Window.From.Month, 1);
        var requests = 0;
        DateOnly month;
        for (month = first; month <= request.Window.To; month = month.AddMonths(1))
        {
            using var doc = await http.GetJsonAsync<JsonDocument>(Provider, new Uri(baseUri, $"usage?month={month.Month}&year={month.Year}"), Headers(request.Secret), cancellationToken);
            pagesFetched?.Report(++requests);
            rows.AddRange(Read(doc.RootElement, month));
        }
        return new BillingFetchResult(BillingRows.Merge(BillingRows.ToMicros(rows)).ToList(), requests, null,
            [$"Mistral reports by month: each month's amount so far is booked on its first day ({requests} month(s) asked)."], null, new DateWindow(first, month.AddDays(-1)));
    }

    public async Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        using var doc = await http.Probe.GetJsonAsync<JsonDocument>(Provider, new Uri(BaseUri(connection), "spend-limit"), Headers(secret), cancellationToken);
        return $"Connected to the Mistral Admin API at {BaseUri(connection).Host}: the admin key can read the organization.";
    }

    /// <summary>The cost lines of one month's answer; an error names the field that is wrong.</summary>
    public static IEnumerable<(CostRecord Row, decimal Exact)> Read(JsonElement root, DateOnly month)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{Provider} answered /usage with {root.ValueKind}, not an object. Nothing was written.");
        var currency = root.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? (c.GetString() ?? "").ToUpperInvariant() : "";
        if (currency.Length != 3) throw new InvalidDataException($"{Provider} answered /usage for {month:yyyy-MM} without a currency. Nothing was written.");
        var lines = new List<(string Category, string? Model, string Path, decimal Cost)>();
        foreach (var category in root.EnumerateObject().Where(p => !Skipped.Contains(p.Name)))
        {
            Walk(category.Value, category.Name, category.Name, null, lines);
        }
        return lines.Where(l => l.Cost != 0).Select(l => (new CostRecord
        {
            Provider = ProviderKind.Mistral,
            UsageDate = month,
            Model = l.Model ?? l.Category,
            LineItem = l.Path,
            Kind = CostKind.Billed,
            Currency = currency,
        }, l.Cost));
    }

    // A cost is a number named like one (or a category's bare number); an object whose children hold costs is only a path to them.
    private static void Walk(JsonElement e, string category, string path, string? model, List<(string, string?, string, decimal)> lines)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number when path == category:
                lines.Add((category, model, path, Cost(e, path)));
                return;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    var name = item.ValueKind == JsonValueKind.Object && (item.TryGetProperty("model", out var m) || item.TryGetProperty("name", out m)) && m.ValueKind == JsonValueKind.String ? m.GetString()! : i.ToString(CultureInfo.InvariantCulture);
                    Walk(item, category, $"{path}/{name}", model ?? (item.TryGetProperty("model", out var mm) ? mm.GetString() : null), lines);
                    i++;
                }
                return;
            case JsonValueKind.Object:
                var children = e.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && HoldsCost(p.Value)).ToList();
                if (children.Count > 0)
                {
                    foreach (var child in children)
                        Walk(child.Value, category, $"{path}/{child.Name}", model ?? (path.EndsWith("/models", StringComparison.Ordinal) ? child.Name : null), lines);
                    return;
                }
                foreach (var p in e.EnumerateObject().Where(p => CostNames.Contains(p.Name) && p.Value.ValueKind != JsonValueKind.Null))
                {
                    lines.Add((category, model, path, Cost(p.Value, $"{path}.{p.Name}")));
                    return;
                }
                return;
        }
    }

    private static bool HoldsCost(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Any(p => (CostNames.Contains(p.Name) && p.Value.ValueKind != JsonValueKind.Null) || HoldsCost(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Any(HoldsCost),
        _ => false,
    };

    private static decimal Cost(JsonElement e, string where)
    {
        var ok = e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDecimal(out var d) ? d : (decimal?)null,
            JsonValueKind.String => decimal.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null,
            _ => null,
        };
        if (ok is not { } cost || cost < -1_000_000_000m || cost > 1_000_000_000m)
            throw new InvalidDataException($"{Provider} sent '{e}' at {where}, which is not an amount. Nothing was written.");
        return cost;
    }

    private static Uri BaseUri(ProviderConnection connection) => new((string.IsNullOrWhiteSpace(connection.BaseUrl) ? DefaultBaseUrl : connection.BaseUrl).TrimEnd('/') + "/");

    private static Action<HttpRequestHeaders> Headers(string? secret) => h =>
    {
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException("The Mistral connection has no admin key: edit the connection and enter one (Admin API keys exist on Enterprise plans).");
        h.Add("x-api-key", secret);
    };
}
