using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Http;

namespace AiGateway.Dashboard.Providers.Vertex;

/// <summary>
/// Google Vertex AI and Gemini spend from the Cloud Billing export in BigQuery (there is no cost REST API; PROVIDERS.md §5): a
/// service-account JWT exchanged for a token at the key's <c>token_uri</c>, then one parameterised <c>jobs.query</c> per window —
/// cost and credits per UTC day (the export's timestamps are converted with <c>DATE(usage_start_time, "UTC")</c>), project, service,
/// SKU and an optional label — polled until complete and paged with <c>pageToken</c>. <c>maximumBytesBilled</c> caps what a query may
/// scan. Credits are their own negative lines.
/// </summary>
public sealed class VertexBillingClient(ProviderHttp http, TimeProvider time) : IBillingClient
{
    public const string DefaultBaseUrl = "https://bigquery.googleapis.com";
    private const string Provider = "BigQuery";
    private const int MaxPages = 10_000;

    // Tokens are renewed five minutes before they expire.
    private readonly ExpiringCache<string> _tokens = new(time, TimeSpan.FromMinutes(5));

    public ProviderKind Kind => ProviderKind.GoogleVertex;

    public async Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var settings = Settings(request.Connection);
        var key = ServiceAccountKey.Parse(request.Secret);
        var requests = 0;
        void Counted() => pagesFetched?.Report(++requests);
        var token = await TokenAsync(http, key, Counted, cancellationToken);
        var baseUri = BaseUri(request.Connection);
        var answer = await http.PostAsync<BigQueryResponse>(Provider, new Uri(baseUri, $"bigquery/v2/projects/{settings.Project}/queries"),
            ProviderHttp.JsonBody(QueryBody(settings, request.Window)), Bearer(token), cancellationToken);
        Counted();
        var rows = new List<(CostRecord Row, decimal Exact)>();
        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        for (var page = 0; ; page++)
        {
            if (answer is null) throw new InvalidDataException($"{Provider} answered the query with no content.");
            bytes = long.TryParse(answer.TotalBytesProcessed, out var b) ? b : bytes;
            if (answer.JobComplete)
            {
                rows.AddRange(Read(answer, settings, request.Window, unmapped));
                if (string.IsNullOrEmpty(answer.PageToken)) break;
            }
            if (page >= MaxPages) throw new InvalidDataException($"{Provider} kept the query open or paging after {MaxPages} calls; stopping.");
            var job = answer.JobReference ?? throw new InvalidDataException($"{Provider} answered without a job reference to read the results from.");
            var next = $"bigquery/v2/projects/{Uri.EscapeDataString(job.ProjectId ?? settings.Project)}/queries/{Uri.EscapeDataString(job.JobId ?? "")}?timeoutMs=10000"
                       + (job.Location is { } location ? "&location=" + Uri.EscapeDataString(location) : "")
                       + (answer.JobComplete ? "&pageToken=" + Uri.EscapeDataString(answer.PageToken!) : "");
            answer = await http.GetJsonAsync<BigQueryResponse>(Provider, new Uri(baseUri, next), Bearer(token), cancellationToken);
            Counted();
        }
        var notes = new List<string> { $"{requests} request(s); the query scanned {bytes:N0} bytes (guard {settings.BytesGuard:N0})." };
        if (unmapped.Count > 0)
            notes.Add($"{unmapped.Count} SKU(s) name no model and token kind we know; their spend is kept under the SKU's own name: {string.Join(", ", unmapped.Take(10))}{(unmapped.Count > 10 ? ", …" : "")}.");
        return new BillingFetchResult(BillingRows.Merge(BillingRows.ToMicros(rows)).ToList(), requests, null, notes);
    }

    public async Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        var settings = Settings(connection);
        var key = ServiceAccountKey.Parse(secret);
        var token = await TokenAsync(http.Probe, key, () => { }, cancellationToken);
        // A dry run costs nothing and proves the table, the permissions and the bytes the real query would scan.
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var body = JsonNode.Parse(QueryBody(settings, new DateWindow(today.AddDays(-2), today)))!.AsObject();
        body["dryRun"] = true;
        var answer = await http.Probe.PostAsync<BigQueryResponse>(Provider, new Uri(BaseUri(connection), $"bigquery/v2/projects/{settings.Project}/queries"), ProviderHttp.JsonBody(body.ToJsonString()), Bearer(token), cancellationToken);
        return $"Connected to BigQuery as {key.ClientEmail}: {settings.QualifiedTable.Trim('`')} can be read (a dry run of three days would scan {(long.TryParse(answer?.TotalBytesProcessed, out var b) ? b : 0):N0} bytes).";
    }

    /// <summary>The query of one window: exact sums per UTC day, project, service, SKU, currency (and label), gross cost and credits apart.</summary>
    public static string QueryBody(VertexSettings settings, DateWindow window)
    {
        var label = settings.LabelKey is { Length: > 0 } ? "(SELECT l.value FROM UNNEST(labels) AS l WHERE l.key = @label LIMIT 1)" : "CAST(NULL AS STRING)";
        var sql = $"""
            SELECT DATE(usage_start_time, "UTC") AS day, project.id AS project, service.description AS service, sku.description AS sku, currency,
                   {label} AS label, CAST(SUM(cost) AS STRING) AS cost,
                   CAST(SUM(IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) AS c), 0)) AS STRING) AS credits
            FROM {settings.QualifiedTable}
            WHERE usage_start_time >= @from AND usage_start_time < @to AND service.description IN UNNEST(@services)
            GROUP BY day, project, service, sku, currency, label
            ORDER BY day, project, service, sku
            """;
        var parameters = new JsonArray(
            Parameter("from", "TIMESTAMP", window.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00"),
            Parameter("to", "TIMESTAMP", window.To.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00"),
            new JsonObject
            {
                ["name"] = "services",
                ["parameterType"] = new JsonObject { ["type"] = "ARRAY", ["arrayType"] = new JsonObject { ["type"] = "STRING" } },
                ["parameterValue"] = new JsonObject { ["arrayValues"] = new JsonArray([.. settings.ServiceNames.Select(s => (JsonNode)new JsonObject { ["value"] = s })]) },
            });
        if (settings.LabelKey is { Length: > 0 } key) parameters.Add(Parameter("label", "STRING", key));
        var body = new JsonObject
        {
            ["query"] = sql,
            ["useLegacySql"] = false,
            ["parameterMode"] = "NAMED",
            ["queryParameters"] = parameters,
            ["maximumBytesBilled"] = settings.BytesGuard.ToString(CultureInfo.InvariantCulture),
            ["timeoutMs"] = 10_000,
        };
        if (settings.Location is { Length: > 0 } location) body["location"] = location;
        return body.ToJsonString();
    }

    private static JsonObject Parameter(string name, string type, string value) => new()
    {
        ["name"] = name, ["parameterType"] = new JsonObject { ["type"] = type }, ["parameterValue"] = new JsonObject { ["value"] = value },
    };

    private static IEnumerable<(CostRecord Row, decimal Exact)> Read(BigQueryResponse answer, VertexSettings settings, DateWindow window, ISet<string> unmapped)
    {
        var fields = (answer.Schema?.Fields ?? []).Select((f, i) => (f.Name, i)).ToDictionary(f => f.Name ?? "", f => f.i, StringComparer.OrdinalIgnoreCase);
        foreach (var required in new[] { "day", "sku", "currency", "cost", "credits" })
        {
            if (!fields.ContainsKey(required)) throw new InvalidDataException($"{Provider} answered without the column '{required}'. Nothing was written.");
        }
        foreach (var row in answer.Rows ?? [])
        {
            string? V(string name) => fields.TryGetValue(name, out var i) && row.F is { } f && i < f.Count && f[i].V.ValueKind == JsonValueKind.String ? f[i].V.GetString() : null;
            var dayText = V("day");
            if (!DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new InvalidDataException($"{Provider} sent the day '{dayText}', which is not YYYY-MM-DD. Nothing was written.");
            if (!window.Contains(day)) continue;
            var sku = V("sku") ?? "(no SKU)";
            var parsed = VertexSkus.Parse(sku);
            if (parsed is null) unmapped.Add(sku);
            var label = V("label");
            CostRecord Line(string lineItem) => new()
            {
                Provider = ProviderKind.GoogleVertex,
                UsageDate = day,
                AccountId = V("project"),
                ProjectId = label ?? V("project"),
                Model = parsed?.Model ?? sku,
                LineItem = lineItem,
                Kind = CostKind.Billed,
                Currency = (V("currency") ?? "").ToUpperInvariant(),
                Tags = label is null ? null : $"{settings.LabelKey}={label}",
            };
            var service = V("service");
            var cost = Amount(V("cost"), day, sku, "cost");
            if (cost != 0) yield return (Line($"{service}: {sku}"), cost);
            var credits = Amount(V("credits"), day, sku, "credits");
            if (credits > 0) throw new InvalidDataException($"{Provider} sent credits of +{credits} for {day:yyyy-MM-dd} ({sku}); credits are negative. Nothing was written.");
            if (credits != 0) yield return (Line($"credit: {service}: {sku}"), credits);
        }
    }

    private static decimal Amount(string? text, DateOnly day, string sku, string column)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || Math.Abs(amount) > 1_000_000_000m)
            throw new InvalidDataException($"{Provider} sent the {column} '{text}' for {day:yyyy-MM-dd} ({sku}), which is not an amount. Nothing was written.");
        return amount;
    }

    private async Task<string> TokenAsync(ProviderHttp client, ServiceAccountKey key, Action counted, CancellationToken cancellationToken)
    {
        return await _tokens.GetAsync($"{key.TokenEndpoint}|{key.ClientEmail}|{key.PrivateKeyId}", async now =>
        {
            var assertion = key.Assertion(ServiceAccountKey.BigQueryReadOnly, now);
            var answer = await client.PostAsync<GoogleToken>("Google OAuth", key.TokenEndpoint, () => new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
                ["assertion"] = assertion,
            }), _ => { }, cancellationToken);
            counted();
            if (answer?.AccessToken is not { Length: > 0 } token) throw new InvalidDataException("Google answered the token request without an access_token.");
            return (token, now.AddSeconds(Math.Max(360, answer.ExpiresIn)));
        });
    }

    private static VertexSettings Settings(ProviderConnection connection)
    {
        var settings = VertexSettings.From(connection.Settings);
        return settings.Problem() is { } problem ? throw new InvalidOperationException("The Vertex AI connection's settings are not usable: " + problem) : settings;
    }

    private static Uri BaseUri(ProviderConnection connection) => new((string.IsNullOrWhiteSpace(connection.BaseUrl) ? DefaultBaseUrl : connection.BaseUrl).TrimEnd('/') + "/");

    private static Action<HttpRequestHeaders> Bearer(string token) => h => h.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
