using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Http;

namespace AiGateway.Dashboard.Providers.OpenAI;

/// <summary>
/// OpenAI Administration API (admin key). Billed cost from <c>/v1/organization/costs</c> grouped by project and
/// line item; tokens and requests from <c>/v1/organization/usage/{type}</c> grouped by project, model and key
/// (usage rows carry no cost: spend is what the cost endpoint says); names of projects and their keys.
/// </summary>
public sealed class OpenAIBillingClient(ProviderHttp http) : IBillingClient
{
    public const string DefaultBaseUrl = "https://api.openai.com";
    private const string Provider = "OpenAI";
    private const int BucketsPerPage = 31;

    /// <summary>Usage endpoints read besides completions; an endpoint a deployment lacks (404) is skipped.</summary>
    internal static readonly string[] UsageTypes = ["completions", "embeddings", "images", "audio_speeches", "audio_transcriptions"];

    public ProviderKind Kind => ProviderKind.OpenAI;

    public async Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var baseUri = BaseUri(request.Connection);
        var headers = Headers(request.Secret);
        var pages = 0;
        // Buckets aligned to 00:00 UTC so that every bucket is exactly one billing day.
        var start = new DateTimeOffset(request.Window.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var end = new DateTimeOffset(request.Window.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

        var costPages = await http.GetPagesAsync<OpenAIPage<OpenAICostResult>>(Provider,
            next => new Uri(baseUri, $"v1/organization/costs?start_time={start}&end_time={end}&bucket_width=1d&group_by=project_id&group_by=line_item&limit={BucketsPerPage}{Page(next)}"),
            p => (p.HasMore, p.NextPage), headers, pagesFetched, () => pages, cancellationToken);
        pages += costPages.Count;

        var billed = new List<(CostRecord Row, decimal Exact)>();
        foreach (var bucket in costPages.SelectMany(p => p.Data ?? []))
        {
            var day = Day(bucket.StartTime);
            foreach (var result in bucket.Items)
            {
                if (result.Amount?.Value is not { } value) continue; // the spec allows a missing amount: nothing billed
                var row = new CostRecord
                {
                    Provider = ProviderKind.OpenAI,
                    UsageDate = day,
                    ProjectId = result.ProjectId,
                    ApiKeyId = result.ApiKeyId,
                    LineItem = result.LineItem,
                    Model = ModelOf(result.LineItem),
                    Kind = CostKind.Billed,
                    Currency = (result.Amount.Currency ?? Money.Usd).ToUpperInvariant(),
                };
                billed.Add((row, value));
            }
        }

        var usage = new List<CostRecord>();
        foreach (var type in UsageTypes)
        {
            List<OpenAIPage<OpenAIUsageResult>> usagePages;
            try
            {
                usagePages = await http.GetPagesAsync<OpenAIPage<OpenAIUsageResult>>(Provider,
                    next => new Uri(baseUri, $"v1/organization/usage/{type}?start_time={start}&end_time={end}&bucket_width=1d&group_by=project_id&group_by=model&group_by=api_key_id&limit={BucketsPerPage}{Page(next)}"),
                    p => (p.HasMore, p.NextPage), headers, pagesFetched, () => pages, cancellationToken);
            }
            catch (ProviderHttpException ex) when (ex.Status == HttpStatusCode.NotFound && type != "completions")
            {
                continue;
            }
            pages += usagePages.Count;
            foreach (var bucket in usagePages.SelectMany(p => p.Data ?? []))
            {
                var day = Day(bucket.StartTime);
                foreach (var r in bucket.Items)
                {
                    usage.Add(new CostRecord
                    {
                        Provider = ProviderKind.OpenAI,
                        UsageDate = day,
                        ProjectId = r.ProjectId,
                        ApiKeyId = r.ApiKeyId,
                        Model = r.Model ?? "",
                        LineItem = "usage:" + type,
                        ServiceTier = r.ServiceTier,
                        Kind = CostKind.UsageEstimated,
                        // input_tokens includes cached and cache-write tokens (spec).
                        InputTokens = r.InputTokens ?? 0,
                        CachedInputTokens = r.InputCachedTokens ?? 0,
                        CacheWriteTokens = r.InputCacheWriteTokens ?? 0,
                        OutputTokens = r.OutputTokens ?? 0,
                        Requests = r.NumModelRequests ?? 0,
                        CostMicros = 0,
                    });
                }
            }
        }

        var names = await NamesAsync(baseUri, headers, cancellationToken);
        var rows = BillingRows.Merge(BillingRows.ToMicros(billed)).Concat(BillingRows.Merge(usage)).ToList();
        return new BillingFetchResult(rows, pages, names);
    }

    public async Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        var list = await http.Probe.GetJsonAsync<OpenAIList<OpenAIProject>>(Provider,
            new Uri(BaseUri(connection), "v1/organization/projects?limit=1&include_archived=true"), Headers(secret), cancellationToken);
        return $"Connected to the OpenAI Administration API at {BaseUri(connection).Host}: the admin key can read the organization ({(list.Data?.Count ?? 0) + (list.HasMore ? "+" : "")} project(s) visible).";
    }

    private async Task<List<ProviderEntity>> NamesAsync(Uri baseUri, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken)
    {
        var names = new List<ProviderEntity>();
        var projects = await ListAsync<OpenAIProject>(baseUri, "v1/organization/projects?limit=100&include_archived=true", headers, cancellationToken);
        foreach (var project in projects)
        {
            var projectName = string.IsNullOrWhiteSpace(project.Name) ? project.Id : project.Name;
            names.Add(new ProviderEntity { EntityType = ProviderEntity.Project, ExternalId = project.Id, Name = projectName, Archived = project.ArchivedAt is not null });
            var keys = await ListAsync<OpenAIProjectKey>(baseUri, $"v1/organization/projects/{Uri.EscapeDataString(project.Id)}/api_keys?limit=100", headers, cancellationToken);
            names.AddRange(keys.Select(k => new ProviderEntity
            {
                EntityType = ProviderEntity.ApiKey,
                ExternalId = k.Id,
                Name = $"{projectName} – {(string.IsNullOrWhiteSpace(k.Name) ? k.RedactedValue ?? k.Id : k.Name)}",
                ParentId = project.Id,
            }));
        }
        return names;
    }

    // List endpoints page with after=<last id> while has_more.
    private Task<List<T>> ListAsync<T>(Uri baseUri, string pathAndQuery, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken) =>
        http.GetListAsync<OpenAIList<T>, T>(Provider,
            after => new Uri(baseUri, pathAndQuery + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))),
            page => (page.Data, page.HasMore, page.LastId), headers, cancellationToken);

    /// <summary>"gpt-4o-2024-08-06, input" → "gpt-4o-2024-08-06"; a line item that names no model → "".</summary>
    internal static string ModelOf(string? lineItem)
    {
        if (string.IsNullOrWhiteSpace(lineItem)) return "";
        var comma = lineItem.LastIndexOf(", ", StringComparison.Ordinal);
        return comma > 0 ? lineItem[..comma].Trim() : "";
    }

    private static Uri BaseUri(ProviderConnection connection) => new((string.IsNullOrWhiteSpace(connection.BaseUrl) ? DefaultBaseUrl : connection.BaseUrl).TrimEnd('/') + "/");

    private static Action<HttpRequestHeaders> Headers(string? secret) => h =>
    {
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException("The OpenAI connection has no admin key: edit the connection and enter one.");
        h.Authorization = new AuthenticationHeaderValue("Bearer", secret);
    };

    private static string Page(string? next) => next is null ? "" : "&page=" + Uri.EscapeDataString(next);

    private static DateOnly Day(long unixSeconds) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime);
}
