using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Http;

namespace AiGateway.Dashboard.Providers.Aws;

/// <summary>
/// Amazon Bedrock spend from Cost Explorer (PROVIDERS.md §4): JSON 1.1 signed with SigV4. The Bedrock services (Amazon Bedrock and
/// every "… (Amazon Bedrock Edition)" Marketplace model) are discovered once a day with <c>GetDimensionValues</c>, then one
/// <c>GetCostAndUsage</c> per window: DAILY, grouped by service and usage type — or, with a tag key, per service by usage type
/// and that tag. Every request costs $0.01, so the count is reported per run. Days AWS still calls estimated are kept, and the
/// next run re-pulls from the first of them until they are final.
/// </summary>
public sealed class BedrockCostClient(ProviderHttp http, TimeProvider time) : IBillingClient
{
    public const string DefaultEndpoint = "https://ce.us-east-1.amazonaws.com";
    public const string Target = "AWSInsightsIndexService.";
    public const string BedrockService = "Amazon Bedrock";
    private const string Provider = "AWS Cost Explorer";
    private const string JsonType = "application/x-amz-json-1.1";
    private const int MaxPages = 1_000;
    private static readonly TimeSpan ServicesKept = TimeSpan.FromHours(24);

    private readonly ExpiringCache<IReadOnlyList<string>> _services = new(time, TimeSpan.Zero);
    // Assumed-role credentials are renewed five minutes before they expire.
    private readonly ExpiringCache<AwsCredentials> _roles = new(time, TimeSpan.FromMinutes(5));

    public ProviderKind Kind => ProviderKind.AwsBedrock;

    public async Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var settings = Settings(request.Connection);
        var requests = 0;
        void Counted() => pagesFetched?.Report(++requests);
        var secret = await CredentialsAsync(http, settings, Secret(request.Secret), Counted, cancellationToken);

        var services = await ServicesAsync(http, request.Connection, settings, secret, request.Window, Counted, cancellationToken);
        var rows = new List<(CostRecord Row, decimal Exact)>();
        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        DateOnly? provisional = null;
        var tag = settings.Tags.FirstOrDefault();
        // Grouped by service and usage type in one query; with a tag key, per service (Cost Explorer groups by two keys at most).
        var queries = tag is null ? [services] : services.Select(s => (IReadOnlyList<string>)[s]).ToList();
        foreach (var serviceSet in queries)
        {
            var body = CostBody(settings, request.Window, serviceSet, tag);
            string? next = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var page = 0; ; page++)
            {
                var answer = await CallAsync<CostAndUsageResult>(http, request.Connection, settings, secret, "GetCostAndUsage", WithToken(body, next), cancellationToken);
                Counted();
                foreach (var result in answer?.ResultsByTime ?? [])
                {
                    if (!DateOnly.TryParseExact(result.TimePeriod?.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                        throw new InvalidDataException($"{Provider} sent the day '{result.TimePeriod?.Start}', which is not YYYY-MM-DD. Nothing was written.");
                    if (!request.Window.Contains(day)) continue;
                    if (result.Estimated && (provisional is null || day < provisional)) provisional = day;
                    foreach (var group in result.Groups ?? [])
                    {
                        if (Row(group, day, settings, serviceSet, tag, unmapped) is { } row) rows.Add(row);
                    }
                }
                next = answer?.NextPageToken;
                if (string.IsNullOrEmpty(next)) break;
                if (!seen.Add(next) || page >= MaxPages) throw new InvalidDataException($"{Provider} repeated the NextPageToken; stopping instead of looping forever.");
            }
        }

        var notes = new List<string>();
        if (unmapped.Count > 0)
            notes.Add($"{unmapped.Count} Bedrock usage type(s) name no token kind we know; their spend is kept under the usage type's own name: {string.Join(", ", unmapped.Take(10))}{(unmapped.Count > 10 ? ", …" : "")}.");
        if (provisional is { } p)
            notes.Add($"AWS still estimates the days from {p:yyyy-MM-dd}; they are kept and re-pulled until final.");
        notes.Add($"{requests} Cost Explorer request(s) (AWS charges $0.01 each).");
        return new BillingFetchResult(BillingRows.Merge(BillingRows.ToMicros(rows)).ToList(), requests, null, notes, provisional);
    }

    public async Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        var settings = Settings(connection);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var credentials = await CredentialsAsync(http.Probe, settings, Secret(secret), () => { }, cancellationToken);
        var services = await ServicesAsync(http.Probe, connection, settings, credentials, new DateWindow(today.AddDays(-30), today), () => { }, cancellationToken, useCache: false);
        return $"Connected to Cost Explorer at {Endpoint(connection).Host} (one request, $0.01): {services.Count} Bedrock service(s) with spend in the last 30 days ({string.Join(", ", services.Take(4))}{(services.Count > 4 ? ", …" : "")}).";
    }

    private async Task<IReadOnlyList<string>> ServicesAsync(ProviderHttp client, ProviderConnection connection, BedrockSettings settings, AwsCredentials secret, DateWindow window,
        Action counted, CancellationToken cancellationToken, bool useCache = true)
    {
        return await _services.GetAsync($"{Endpoint(connection)}|{settings.AccessKeyId}|{string.Join(',', settings.Accounts)}", async now =>
        {
            var body = new JsonObject
            {
                ["TimePeriod"] = Period(window),
                ["Dimension"] = "SERVICE",
                ["SearchString"] = "Bedrock",
            };
            var answer = await CallAsync<DimensionValuesResult>(client, connection, settings, secret, "GetDimensionValues", body.ToJsonString(), cancellationToken);
            counted();
            IReadOnlyList<string> services = (answer?.DimensionValues ?? []).Select(v => v.Value).OfType<string>()
                .Where(v => v == BedrockService || v.EndsWith(BedrockUsageTypes.BedrockEdition, StringComparison.OrdinalIgnoreCase))
                .Append(BedrockService).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return (services, now + ServicesKept);
        }, useCache);
    }

    public static string CostBody(BedrockSettings settings, DateWindow window, IReadOnlyList<string> services, string? tag)
    {
        var filters = new List<JsonNode> { Dimension("SERVICE", services) };
        if (settings.Accounts.Count > 0) filters.Add(Dimension("LINKED_ACCOUNT", settings.Accounts));
        var body = new JsonObject
        {
            ["TimePeriod"] = Period(window),
            ["Granularity"] = "DAILY",
            ["Metrics"] = new JsonArray(settings.Metric, "UsageQuantity"),
            ["Filter"] = filters.Count == 1 ? filters[0] : new JsonObject { ["And"] = new JsonArray([.. filters]) },
            ["GroupBy"] = tag is null
                ? new JsonArray(Group("DIMENSION", "SERVICE"), Group("DIMENSION", "USAGE_TYPE"))
                : new JsonArray(Group("DIMENSION", "USAGE_TYPE"), Group("TAG", tag)),
        };
        return body.ToJsonString();
    }

    private static (CostRecord Row, decimal Exact)? Row(CostGroup group, DateOnly day, BedrockSettings settings, IReadOnlyList<string> services, string? tag, ISet<string> unmapped)
    {
        var keys = group.Keys ?? [];
        var (service, usageType, tagValue) = tag is null
            ? (keys.ElementAtOrDefault(0) ?? "", keys.ElementAtOrDefault(1) ?? "", (string?)null)
            : (services[0], keys.ElementAtOrDefault(0) ?? "", keys.ElementAtOrDefault(1));
        if (group.Metrics is null || !group.Metrics.TryGetValue(settings.Metric, out var metric) || string.IsNullOrWhiteSpace(metric.Amount)) return null;
        if (!decimal.TryParse(metric.Amount, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            throw new InvalidDataException($"{Provider} sent the amount \"{metric.Amount}\" for {day:yyyy-MM-dd} ({usageType}), which is not a number. Nothing was written.");
        if (Math.Abs(amount) > 1_000_000_000m)
            throw new InvalidDataException($"{Provider} sent {metric.Amount} for {day:yyyy-MM-dd} ({usageType}), beyond any plausible day. Nothing was written.");
        if (amount == 0) return null;
        var parsed = BedrockUsageTypes.Parse(service, usageType);
        if (parsed is null) unmapped.Add(usageType);
        // A tag group reads "key$value"; an empty value is spend without the tag.
        var value = tagValue is null ? null : tagValue[(tagValue.IndexOf('$') + 1)..];
        return (new CostRecord
        {
            Provider = ProviderKind.AwsBedrock,
            UsageDate = day,
            AccountId = settings.Accounts.Count == 1 ? settings.Accounts[0] : null,
            ProjectId = string.IsNullOrEmpty(value) ? null : value,
            Model = parsed?.Model ?? usageType,
            LineItem = parsed is null ? $"{service}: {usageType}" : $"{service}: {usageType} ({TokenTypes.Words(parsed.TokenType)})",
            ServiceTier = parsed?.Tier,
            Kind = CostKind.Billed,
            Currency = (metric.Unit ?? "").ToUpperInvariant(),
            Tags = string.IsNullOrEmpty(value) ? null : $"{tag}={value}",
        }, amount);
    }

    private async Task<T?> CallAsync<T>(ProviderHttp client, ProviderConnection connection, BedrockSettings settings, AwsCredentials credentials, string operation, string body, CancellationToken cancellationToken)
    {
        var uri = Endpoint(connection);
        var target = Target + operation;
        var signature = SigV4.Sign("POST", uri, [("Content-Type", JsonType), ("X-Amz-Target", target)], Encoding.UTF8.GetBytes(body),
            credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, settings.SigningRegion, "ce", time.GetUtcNow());
        return await client.PostAsync<T>(Provider, uri, ProviderHttp.JsonBody(body, JsonType), h =>
        {
            h.TryAddWithoutValidation("X-Amz-Target", target);
            foreach (var (name, value) in signature) h.TryAddWithoutValidation(name, value);
        }, cancellationToken);
    }

    /// <summary>The key itself, or the temporary credentials of the role it assumes (kept until five minutes before they expire).</summary>
    private async Task<AwsCredentials> CredentialsAsync(ProviderHttp client, BedrockSettings settings, string secret, Action counted, CancellationToken cancellationToken)
    {
        var key = AwsCredentials.FromSecret(settings.AccessKeyId.Trim(), secret);
        if (string.IsNullOrWhiteSpace(settings.RoleArn)) return key;
        return await _roles.GetAsync($"{settings.Sts}|{key.AccessKeyId}|{settings.RoleArn}", async now =>
        {
            var body = $"Action=AssumeRole&Version=2011-06-15&RoleArn={Uri.EscapeDataString(settings.RoleArn)}&RoleSessionName=aigateway-dashboard&DurationSeconds=3600";
            const string form = "application/x-www-form-urlencoded; charset=utf-8";
            var signature = SigV4.Sign("POST", settings.Sts, [("Content-Type", form)], Encoding.UTF8.GetBytes(body), key.AccessKeyId, key.SecretAccessKey, key.SessionToken, "us-east-1", "sts", now);
            var xml = await client.PostForTextAsync("AWS STS", settings.Sts, () =>
            {
                var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(form);
                return content;
            }, h => { foreach (var (name, value) in signature) h.TryAddWithoutValidation(name, value); }, cancellationToken);
            counted();
            var role = AssumedRole(xml);
            return (role, role.Expires ?? now);
        });
    }

    private static AwsCredentials AssumedRole(string xml)
    {
        System.Xml.Linq.XElement? credentials;
        try
        {
            credentials = System.Xml.Linq.XDocument.Parse(xml).Descendants().FirstOrDefault(e => e.Name.LocalName == "Credentials");
        }
        catch (System.Xml.XmlException ex)
        {
            throw new InvalidDataException($"AWS STS answered AssumeRole with malformed XML ({ex.Message}).", ex);
        }
        string? Value(string name) => credentials?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        if (Value("AccessKeyId") is not { Length: > 0 } id || Value("SecretAccessKey") is not { Length: > 0 } secret || Value("SessionToken") is not { Length: > 0 } token)
            throw new InvalidDataException("AWS STS answered AssumeRole without credentials (AccessKeyId, SecretAccessKey, SessionToken).");
        var expires = DateTimeOffset.TryParse(Value("Expiration"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var e) ? e : (DateTimeOffset?)null;
        return new AwsCredentials(id, secret, token, expires);
    }

    // The page token is the only change between pages: AWS refuses a changed request (RequestChangedException).
    private static string WithToken(string body, string? token)
    {
        if (token is null) return body;
        var node = JsonNode.Parse(body)!.AsObject();
        node["NextPageToken"] = token;
        return node.ToJsonString();
    }

    private static JsonObject Period(DateWindow window) => new()
    {
        ["Start"] = window.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["End"] = window.To.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), // exclusive
    };

    private static JsonObject Dimension(string key, IEnumerable<string> values) =>
        new() { ["Dimensions"] = new JsonObject { ["Key"] = key, ["Values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) } };

    private static JsonObject Group(string type, string key) => new() { ["Type"] = type, ["Key"] = key };

    private static Uri Endpoint(ProviderConnection connection) => new((string.IsNullOrWhiteSpace(connection.BaseUrl) ? DefaultEndpoint : connection.BaseUrl).TrimEnd('/') + "/");

    private static string Secret(string? secret) =>
        string.IsNullOrEmpty(secret) ? throw new InvalidOperationException("The Amazon Bedrock connection has no secret access key: edit the connection and enter it.") : secret;

    private static BedrockSettings Settings(ProviderConnection connection)
    {
        var settings = BedrockSettings.From(connection.Settings);
        return settings.Problem() is { } problem ? throw new InvalidOperationException("The Amazon Bedrock connection's settings are not usable: " + problem) : settings;
    }
}
