using System.Globalization;
using System.Net.Http.Headers;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Http;

namespace AiGateway.Dashboard.Providers.OpenRouter;

/// <summary>
/// OpenRouter's activity API with a management key: <c>GET /api/v1/activity?api_key_hash=…</c> per key (from <c>GET /api/v1/keys</c>)
/// gives the cost in USD (<c>usage</c>), requests and tokens per completed UTC day and model endpoint, for the last 30 completed days
/// only: a run replaces just the days OpenRouter can still report. Spend on the organization's own provider keys (BYOK) is billed by
/// that provider, not OpenRouter: it is left out here and named in the run's notes.
/// </summary>
public sealed class OpenRouterBillingClient(ProviderHttp http, TimeProvider time) : IBillingClient
{
    public const string DefaultBaseUrl = "https://openrouter.ai/api/v1";
    public const int DaysAvailable = 30;
    private const string Provider = "OpenRouter";

    public ProviderKind Kind => ProviderKind.OpenRouter;

    public async Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var baseUri = BaseUri(request.Connection);
        var headers = Headers(request.Secret);
        var today = DateOnly.FromDateTime((request.AsOf ?? time.GetUtcNow()).UtcDateTime);
        var available = new DateWindow(today.AddDays(-DaysAvailable), today.AddDays(-1));
        var from = request.Window.From > available.From ? request.Window.From : available.From;
        var to = request.Window.To < available.To ? request.Window.To : available.To;
        var requests = 0;
        var keys = (await http.GetJsonAsync<OpenRouterList<OpenRouterKey>>(Provider, new Uri(baseUri, "keys"), headers, cancellationToken)).Data ?? [];
        pagesFetched?.Report(++requests);
        var rows = new List<(CostRecord Row, decimal Exact)>();
        decimal byok = 0;
        if (from <= to)
        {
            foreach (var key in keys.Where(k => !string.IsNullOrEmpty(k.Hash)))
            {
                var activity = await http.GetJsonAsync<OpenRouterList<OpenRouterActivity>>(Provider,
                    new Uri(baseUri, "activity?api_key_hash=" + Uri.EscapeDataString(key.Hash!)), headers, cancellationToken);
                pagesFetched?.Report(++requests);
                foreach (var a in activity.Data ?? [])
                {
                    if (!DateOnly.TryParseExact(a.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                        throw new InvalidDataException($"{Provider} sent the date '{a.Date}', which is not YYYY-MM-DD. Nothing was written.");
                    if (day < from || day > to) continue;
                    var usage = a.Usage ?? 0;
                    if (usage < 0 || usage > 1_000_000_000m) throw new InvalidDataException($"{Provider} sent a cost of {usage} for {day:yyyy-MM-dd} ({a.Model}), which is not plausible. Nothing was written.");
                    byok += a.ByokUsageInference ?? 0;
                    rows.Add((new CostRecord
                    {
                        Provider = ProviderKind.OpenRouter,
                        UsageDate = day,
                        ApiKeyId = key.Hash,
                        Model = a.ModelPermaslug ?? a.Model ?? "(no model)",
                        LineItem = $"{a.Model} via {a.ProviderName ?? "?"}",
                        ServiceTier = a.EndpointId,
                        Kind = CostKind.Billed,
                        InputTokens = a.PromptTokens ?? 0,
                        OutputTokens = (a.CompletionTokens ?? 0) + (a.ReasoningTokens ?? 0),
                        Requests = a.Requests ?? 0,
                        Currency = Money.Usd,
                    }, usage));
                }
            }
        }
        var names = keys.Where(k => !string.IsNullOrEmpty(k.Hash)).Select(k => new ProviderEntity
        {
            EntityType = ProviderEntity.ApiKey, ExternalId = k.Hash!, Name = k.Name ?? k.Label ?? k.Hash!, Archived = k.Disabled,
        }).ToList();
        var notes = new List<string> { $"{keys.Count} key(s), {requests} request(s); OpenRouter reports the {DaysAvailable} completed UTC days before today only." };
        if (byok != 0) notes.Add($"${byok.ToString("0.######", CultureInfo.InvariantCulture)} of inference on your own provider keys (BYOK) is billed by those providers, not counted here.");
        return new BillingFetchResult(BillingRows.Merge(BillingRows.ToMicros(rows)).ToList(), requests, names, notes, null,
            from <= to ? new DateWindow(from, to) : null);
    }

    public async Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        var keys = await http.Probe.GetJsonAsync<OpenRouterList<OpenRouterKey>>(Provider, new Uri(BaseUri(connection), "keys"), Headers(secret), cancellationToken);
        return $"Connected to OpenRouter at {BaseUri(connection).Host}: the management key lists {keys.Data?.Count ?? 0} API key(s).";
    }

    private static Uri BaseUri(ProviderConnection connection) => new((string.IsNullOrWhiteSpace(connection.BaseUrl) ? DefaultBaseUrl : connection.BaseUrl).TrimEnd('/') + "/");

    private static Action<HttpRequestHeaders> Headers(string? secret) => h =>
    {
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException("The OpenRouter connection has no management key: edit the connection and enter one.");
        h.Authorization = new AuthenticationHeaderValue("Bearer", secret);
    };
}
