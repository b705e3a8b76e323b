using System.Globalization;
using System.Net.Http.Headers;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Http;

namespace AiGateway.Dashboard.Providers.Anthropic;

/// <summary>
/// Anthropic Admin API (admin key). Billed cost from <c>/v1/organizations/cost_report</c> grouped by workspace
/// and description (amounts are decimal strings in cents); tokens from <c>/v1/organizations/usage_report/messages</c>
/// grouped by workspace, model and key; names of workspaces and keys. Bracketed array parameters.
/// </summary>
public sealed class AnthropicBillingClient(ProviderHttp http) : IBillingClient
{
    public const string DefaultBaseUrl = "https://api.anthropic.com";
    public const string ApiVersion = "2023-06-01";
    /// <summary>The default workspace has no id in reports; its spend is filed under this one.</summary>
    public const string DefaultWorkspace = "default";
    private const string Provider = "Anthropic";
    private const int BucketsPerPage = 31;

    public ProviderKind Kind => ProviderKind.Anthropic;

    public async Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var baseUri = BaseUri(request.Connection);
        var headers = Headers(request.Secret);
        var pages = 0;
        var from = Rfc3339(request.Window.From);
        var to = Rfc3339(request.Window.To.AddDays(1));

        var costPages = await http.GetPagesAsync<AnthropicPage<AnthropicCostResult>>(Provider,
            next => new Uri(baseUri, $"v1/organizations/cost_report?starting_at={from}&ending_at={to}&bucket_width=1d&group_by[]=workspace_id&group_by[]=description&limit={BucketsPerPage}{Page(next)}"),
            p => (p.HasMore, p.NextPage), headers, pagesFetched, () => pages, cancellationToken);
        pages += costPages.Count;

        var billed = new List<(CostRecord Row, decimal Exact)>();
        foreach (var bucket in costPages.SelectMany(p => p.Data ?? []))
        {
            var day = DateOnly.FromDateTime(bucket.StartingAt.UtcDateTime);
            foreach (var r in bucket.Results ?? [])
            {
                if (string.IsNullOrWhiteSpace(r.Amount)) continue;
                if (!decimal.TryParse(r.Amount, NumberStyles.Float, CultureInfo.InvariantCulture, out var cents))
                {
                    throw new InvalidDataException($"Anthropic sent the amount \"{r.Amount}\" for {day:yyyy-MM-dd}, which is not a number. Nothing was written.");
                }
                billed.Add((new CostRecord
                {
                    Provider = ProviderKind.Anthropic,
                    UsageDate = day,
                    ProjectId = r.WorkspaceId ?? DefaultWorkspace,
                    Model = r.Model ?? "",
                    LineItem = Describe(r),
                    ServiceTier = r.ServiceTier,
                    Kind = CostKind.Billed,
                    Currency = (r.Currency ?? Money.Usd).ToUpperInvariant(),
                }, cents / 100m));
            }
        }

        var usagePages = await http.GetPagesAsync<AnthropicPage<AnthropicUsageResult>>(Provider,
            next => new Uri(baseUri, $"v1/organizations/usage_report/messages?starting_at={from}&ending_at={to}&bucket_width=1d&group_by[]=workspace_id&group_by[]=model&group_by[]=api_key_id&limit={BucketsPerPage}{Page(next)}"),
            p => (p.HasMore, p.NextPage), headers, pagesFetched, () => pages, cancellationToken);
        pages += usagePages.Count;

        var usage = new List<CostRecord>();
        foreach (var bucket in usagePages.SelectMany(p => p.Data ?? []))
        {
            var day = DateOnly.FromDateTime(bucket.StartingAt.UtcDateTime);
            foreach (var r in bucket.Results ?? [])
            {
                var writes = (r.CacheCreation?.Ephemeral5mInputTokens ?? 0) + (r.CacheCreation?.Ephemeral1hInputTokens ?? 0);
                var cacheRead = r.CacheReadInputTokens ?? 0;
                usage.Add(new CostRecord
                {
                    Provider = ProviderKind.Anthropic,
                    UsageDate = day,
                    ProjectId = r.WorkspaceId ?? DefaultWorkspace,
                    ApiKeyId = r.ApiKeyId,
                    Model = r.Model ?? "",
                    LineItem = "usage:messages",
                    ServiceTier = r.ServiceTier,
                    Kind = CostKind.UsageEstimated,
                    // There is no total: input = uncached + cache reads + 5-minute and 1-hour cache writes.
                    InputTokens = (r.UncachedInputTokens ?? 0) + cacheRead + writes,
                    CachedInputTokens = cacheRead,
                    CacheWriteTokens = writes,
                    OutputTokens = r.OutputTokens ?? 0,
                    Requests = 0, // the messages report has no request count
                });
            }
        }

        var names = await NamesAsync(baseUri, headers, cancellationToken);
        var rows = BillingRows.Merge(BillingRows.ToMicros(billed)).Concat(BillingRows.Merge(usage)).ToList();
        return new BillingFetchResult(rows, pages, names);
    }

    public async Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        var list = await http.Probe.GetJsonAsync<AnthropicList<AnthropicWorkspace>>(Provider,
            new Uri(BaseUri(connection), "v1/organizations/workspaces?limit=1"), Headers(secret), cancellationToken);
        return $"Connected to the Anthropic Admin API at {BaseUri(connection).Host}: the admin key can read the organization ({(list.Data?.Count ?? 0) + (list.HasMore ? "+" : "")} workspace(s) visible).";
    }

    private async Task<List<ProviderEntity>> NamesAsync(Uri baseUri, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken)
    {
        var workspaces = await ListAsync<AnthropicWorkspace>(baseUri, "v1/organizations/workspaces?limit=100&include_archived=true", headers, cancellationToken);
        var keys = await ListAsync<AnthropicApiKey>(baseUri, "v1/organizations/api_keys?limit=100", headers, cancellationToken);
        var workspaceNames = workspaces.ToDictionary(w => w.Id, w => string.IsNullOrWhiteSpace(w.Name) ? w.Id : w.Name);
        var names = workspaces.Select(w => new ProviderEntity
        {
            EntityType = ProviderEntity.Workspace, ExternalId = w.Id, Name = workspaceNames[w.Id], Archived = w.ArchivedAt is not null,
        }).ToList();
        names.Add(new ProviderEntity { EntityType = ProviderEntity.Workspace, ExternalId = DefaultWorkspace, Name = "Default workspace" });
        names.AddRange(keys.Select(k =>
        {
            var workspace = k.WorkspaceId is { } id ? workspaceNames.GetValueOrDefault(id, id) : "Default workspace";
            return new ProviderEntity
            {
                EntityType = ProviderEntity.ApiKey,
                ExternalId = k.Id,
                Name = $"{workspace} – {(string.IsNullOrWhiteSpace(k.Name) ? k.PartialKeyHint ?? k.Id : k.Name)}",
                ParentId = k.WorkspaceId ?? DefaultWorkspace,
                Archived = k.Status is "archived" or "inactive",
            };
        }));
        return names;
    }

    // List endpoints page with after_id=<last id> while has_more.
    private Task<List<T>> ListAsync<T>(Uri baseUri, string pathAndQuery, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken) =>
        http.GetListAsync<AnthropicList<T>, T>(Provider,
            after => new Uri(baseUri, pathAndQuery + (after is null ? "" : "&after_id=" + Uri.EscapeDataString(after))),
            page => (page.Data, page.HasMore, page.LastId), headers, cancellationToken);

    // The description names the line ("Claude Sonnet 4.5 Usage - Input Tokens"); the context window and
    // inference region split otherwise identical lines, so they are kept with it.
    private static string Describe(AnthropicCostResult r)
    {
        var text = r.Description ?? r.CostType ?? "(no description)";
        if (!string.IsNullOrEmpty(r.ContextWindow)) text += $" [{r.ContextWindow}]";
        if (!string.IsNullOrEmpty(r.InferenceGeo) && r.InferenceGeo != "not_available") text += $" [{r.InferenceGeo}]";
        return text;
    }

    private static Uri BaseUri(ProviderConnection connection) => new((string.IsNullOrWhiteSpace(connection.BaseUrl) ? DefaultBaseUrl : connection.BaseUrl).TrimEnd('/') + "/");

    private static Action<HttpRequestHeaders> Headers(string? secret) => h =>
    {
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException("The Anthropic connection has no admin key: edit the connection and enter one.");
        h.Add("x-api-key", secret);
        h.Add("anthropic-version", ApiVersion);
    };

    private static string Rfc3339(DateOnly day) => Uri.EscapeDataString(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z");

    private static string Page(string? next) => next is null ? "" : "&page=" + Uri.EscapeDataString(next);
}
