using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Http;

namespace AiGateway.Dashboard.Providers.Azure;

/// <summary>
/// Azure OpenAI / Foundry Models spend from the Cost Management Query API (PROVIDERS.md §3): an Entra ID client-credentials
/// token, then <c>POST {scope}/providers/Microsoft.CostManagement/query</c> per window of at most 31 days (longer ones are
/// silently cut by the API), Daily, filtered to Cognitive Services accounts and grouped by resource and meter; <c>nextLink</c>
/// is followed with the same body. Columns are read by name, amounts are in the billing currency.
/// </summary>
public sealed class AzureCostClient(ProviderHttp http, TimeProvider time) : IBillingClient
{
    public const string DefaultManagementEndpoint = "https://management.azure.com";
    public const string ApiVersion = "2023-11-01";
    public const int MaxDaysPerQuery = 31;
    public const string ResourceType = "microsoft.cognitiveservices/accounts";
    private const string Provider = "Azure Cost Management";
    private const int MaxPages = 1_000;

    // Tokens are renewed five minutes before they expire.
    private readonly ExpiringCache<string> _tokens = new(time, TimeSpan.FromMinutes(5));

    public ProviderKind Kind => ProviderKind.AzureOpenAI;

    public async Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var settings = Settings(request.Connection);
        var requests = 0;
        var token = await TokenAsync(http, settings, request.Secret, () => requests++, cancellationToken);
        var rows = new List<(CostRecord Row, decimal Exact)>();
        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chunk in Chunks(request.Window))
        {
            var body = QueryBody(settings, chunk);
            var uri = QueryUri(request.Connection, settings);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var page = 0; ; page++)
            {
                var result = await http.PostAsync<AzureQueryResult>(Provider, uri, ProviderHttp.JsonBody(body), Bearer(token), cancellationToken);
                requests++;
                pagesFetched?.Report(requests);
                if (result?.Properties is not { } properties) break; // 204: no data in the window
                rows.AddRange(Read(properties, chunk, unmapped));
                if (string.IsNullOrEmpty(properties.NextLink)) break;
                if (!seen.Add(properties.NextLink) || page >= MaxPages)
                    throw new InvalidDataException($"{Provider} repeated the nextLink '{properties.NextLink}'; stopping instead of looping forever.");
                uri = new Uri(properties.NextLink);
            }
        }
        var notes = unmapped.Count == 0 ? null : new[]
        {
            $"{unmapped.Count} Azure meter(s) name no model and token kind we know; their spend is kept under the meter's own name: {string.Join(", ", unmapped.Take(10))}{(unmapped.Count > 10 ? ", …" : "")}.",
        };
        return new BillingFetchResult(BillingRows.Merge(BillingRows.ToMicros(rows)).ToList(), requests, null, notes);
    }

    public async Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        var settings = Settings(connection);
        var probe = http.Probe;
        var token = await TokenAsync(probe, settings, secret, () => { }, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var result = await probe.PostAsync<AzureQueryResult>(Provider, QueryUri(connection, settings), ProviderHttp.JsonBody(QueryBody(settings, new DateWindow(today, today))), Bearer(token), cancellationToken);
        return $"Connected to Cost Management at {QueryUri(connection, settings).Host}: the app registration can read costs of {settings.Scope.Trim('/')} ({result?.Properties?.Rows?.Count ?? 0} row(s) today so far).";
    }

    /// <summary>Windows of at most <see cref="MaxDaysPerQuery"/> days covering <paramref name="window"/>.</summary>
    public static IEnumerable<DateWindow> Chunks(DateWindow window)
    {
        for (var from = window.From; from <= window.To; from = from.AddDays(MaxDaysPerQuery))
        {
            var to = from.AddDays(MaxDaysPerQuery - 1);
            yield return new DateWindow(from, to < window.To ? to : window.To);
        }
    }

    public static string QueryBody(AzureSettings settings, DateWindow window) => new JsonObject
    {
        ["type"] = settings.Type,
        ["timeframe"] = "Custom",
        ["timePeriod"] = new JsonObject
        {
            ["from"] = window.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z",
            ["to"] = window.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T23:59:59Z",
        },
        ["dataset"] = new JsonObject
        {
            ["granularity"] = "Daily",
            ["aggregation"] = new JsonObject { ["totalCost"] = new JsonObject { ["name"] = "Cost", ["function"] = "Sum" } },
            ["grouping"] = new JsonArray(
                new JsonObject { ["type"] = "Dimension", ["name"] = "ResourceId" },
                new JsonObject { ["type"] = "Dimension", ["name"] = "Meter" }),
            ["filter"] = new JsonObject
            {
                ["dimensions"] = new JsonObject { ["name"] = "ResourceType", ["operator"] = "In", ["values"] = new JsonArray(ResourceType) },
            },
        },
    }.ToJsonString();

    private static IEnumerable<(CostRecord Row, decimal Exact)> Read(AzureQueryProperties properties, DateWindow chunk, ISet<string> unmapped)
    {
        var columns = (properties.Columns ?? []).Select((c, i) => (c.Name, i)).ToDictionary(c => c.Name ?? "", c => c.i, StringComparer.OrdinalIgnoreCase);
        int Column(params string[] names) => names.Select(n => columns.TryGetValue(n, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
        var cost = Column("Cost", "PreTaxCost", "CostUSD", "PreTaxCostUSD", "totalCost");
        var date = Column("UsageDate");
        var resource = Column("ResourceId");
        var meterColumn = Column("Meter");
        var currency = Column("Currency", "BillingCurrency");
        if (cost < 0 || date < 0)
            throw new InvalidDataException($"{Provider} answered without a cost or a UsageDate column (columns: {string.Join(", ", columns.Keys)}). Nothing was written.");

        foreach (var row in properties.Rows ?? [])
        {
            string Text(int i) => i >= 0 && i < row.Count && row[i].ValueKind == JsonValueKind.String ? row[i].GetString() ?? "" : "";
            var dayText = date < row.Count ? row[date].ToString() : "";
            if (!DateOnly.TryParseExact(dayText, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new InvalidDataException($"{Provider} sent the UsageDate '{dayText}', which is not yyyyMMdd. Nothing was written.");
            if (!chunk.Contains(day)) continue; // a future or shifted day the API moved into the answer
            var amount = cost < row.Count && row[cost].ValueKind == JsonValueKind.Number && row[cost].TryGetDecimal(out var a)
                ? a
                : throw new InvalidDataException($"{Provider} sent the cost '{(cost < row.Count ? row[cost].ToString() : "")}' for {day:yyyy-MM-dd}, which is not a number. Nothing was written.");
            if (Math.Abs(amount) > 1_000_000_000m)
                throw new InvalidDataException($"{Provider} sent a cost of {amount} for {day:yyyy-MM-dd}, beyond any plausible day. Nothing was written.");
            var meter = Text(meterColumn);
            var resourceId = Text(resource).ToLowerInvariant(); // cost data lower-cases resource ids inconsistently
            var parsed = AzureMeters.Parse(meter);
            if (parsed is null && meter.Length > 0) unmapped.Add(meter);
            yield return (new CostRecord
            {
                Provider = ProviderKind.AzureOpenAI,
                UsageDate = day,
                AccountId = Segment(resourceId, "subscriptions"),
                ProjectId = Segment(resourceId, "accounts") ?? (resourceId.Length > 0 ? resourceId : null),
                Model = parsed?.Model ?? (meter.Length > 0 ? meter : "(no meter)"),
                LineItem = parsed is null ? meter : $"{meter} ({TokenTypes.Words(parsed.TokenType)})",
                ServiceTier = parsed?.Deployment,
                Kind = CostKind.Billed,
                Currency = Text(currency).ToUpperInvariant(),
            }, amount);
        }
    }

    // ".../subscriptions/{id}/resourcegroups/rg/providers/microsoft.cognitiveservices/accounts/{name}" → the segment after name.
    private static string? Segment(string resourceId, string name)
    {
        var parts = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var i = Array.IndexOf(parts, name);
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }

    private async Task<string> TokenAsync(ProviderHttp client, AzureSettings settings, string? secret, Action counted, CancellationToken cancellationToken)
    {
        if (settings.ManagedIdentity) return await ManagedIdentityTokenAsync(client, settings, counted, cancellationToken);
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException("The Azure OpenAI connection has no client secret or certificate: edit the connection and enter the app registration's secret, or its certificate and private key as PEM.");
        var key = $"{settings.Authority}|{settings.TenantId}|{settings.ClientId}|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)))}";
        return await _tokens.GetAsync(key, async now =>
        {
            var uri = new Uri($"{settings.Authority}/{Uri.EscapeDataString(settings.TenantId)}/oauth2/v2.0/token");
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.ClientId,
                ["scope"] = DefaultManagementEndpoint + "/.default",
            };
            if (secret.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                // A certificate credential: the app proves itself with a JWT its private key signs (no secret travels).
                form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
                form["client_assertion"] = CertificateAssertion(secret, settings.ClientId, uri, now);
            }
            else
            {
                form["client_secret"] = secret;
            }
            var answer = await client.PostAsync<AzureToken>("Entra ID", uri, () => new FormUrlEncodedContent(form), _ => { }, cancellationToken);
            counted();
            if (answer?.AccessToken is not { Length: > 0 } token) throw new InvalidDataException("Entra ID answered the token request without an access_token.");
            return (token, now.AddSeconds(Math.Max(360, answer.ExpiresIn)));
        });
    }

    /// <summary>The instance metadata service's token for the management endpoint (<c>Metadata: true</c>; a user-assigned identity by its client id).</summary>
    private Task<string> ManagedIdentityTokenAsync(ProviderHttp client, AzureSettings settings, Action counted, CancellationToken cancellationToken) =>
        _tokens.GetAsync($"imds|{settings.Imds}|{settings.ClientId}", async now =>
        {
            var query = $"?api-version=2018-02-01&resource={Uri.EscapeDataString(DefaultManagementEndpoint + "/")}"
                        + (string.IsNullOrEmpty(settings.ClientId) ? "" : "&client_id=" + Uri.EscapeDataString(settings.ClientId));
            var answer = await client.GetJsonAsync<AzureToken>("Azure managed identity", new Uri(settings.Imds + query), h => h.Add("Metadata", "true"), cancellationToken);
            counted();
            if (answer.AccessToken is not { Length: > 0 } token) throw new InvalidDataException("The managed identity endpoint answered without an access_token.");
            return (token, now.AddSeconds(Math.Max(360, answer.ExpiresIn)));
        });

    /// <summary>Entra ID's client assertion: RS256 over the app's claims, with the certificate's SHA-1 and SHA-256 thumbprints in the header.</summary>
    public static string CertificateAssertion(string pem, string clientId, Uri tokenEndpoint, DateTimeOffset now)
    {
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
        try
        {
            certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem, pem);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException("The Azure OpenAI connection's certificate cannot be read: paste the certificate and its private key as PEM (BEGIN CERTIFICATE and BEGIN PRIVATE KEY).");
        }
        using (certificate)
        using (var key = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(certificate)
            ?? throw new InvalidOperationException("The Azure OpenAI connection's certificate has no RSA private key."))
        {
            return Rs256Jwt.Sign(key,
                new Dictionary<string, object?>
                {
                    ["alg"] = "RS256", ["typ"] = "JWT",
                    ["x5t"] = Rs256Jwt.Base64Url(certificate.GetCertHash()),
                    ["x5t#S256"] = Rs256Jwt.Base64Url(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)),
                },
                new Dictionary<string, object?>
                {
                    ["aud"] = tokenEndpoint.ToString(), ["iss"] = clientId, ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString(),
                    ["nbf"] = now.ToUnixTimeSeconds(), ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
                });
        }
    }

    private static AzureSettings Settings(ProviderConnection connection)
    {
        var settings = AzureSettings.From(connection.Settings);
        return settings.Problem() is { } problem ? throw new InvalidOperationException("The Azure OpenAI connection's settings are not usable: " + problem) : settings;
    }

    private static Uri QueryUri(ProviderConnection connection, AzureSettings settings) =>
        new($"{(string.IsNullOrWhiteSpace(connection.BaseUrl) ? DefaultManagementEndpoint : connection.BaseUrl).TrimEnd('/')}/{settings.Scope.Trim('/')}/providers/Microsoft.CostManagement/query?api-version={ApiVersion}");

    private static Action<HttpRequestHeaders> Bearer(string token) => h => h.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
