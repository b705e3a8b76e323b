using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Providers.Http;

/// <summary>
/// Shared plumbing of the billing clients: one named HttpClient with one resilience handler, JSON with
/// snake_case names that tolerates unknown and missing fields, and errors in plain words.
/// </summary>
public sealed partial class ProviderHttp(IHttpClientFactory factory, IOptions<ProviderHttpOptions> options)
{
    public const string ClientName = "providers";
    public const string ProbeClientName = "providers-probe";
    private string _client = ClientName;

    /// <summary>
    /// The same calls made once, with the short <see cref="ProviderHttpOptions.TestTimeout"/> and no retry: what "Test
    /// connection" uses, so a refused port or a wrong key answers in a moment, not after a sync's back-off.
    /// </summary>
    public ProviderHttp Probe => new(factory, options) { _client = ProbeClientName };

    private string TimeLimits => _client == ProbeClientName
        ? $"one attempt, limit {Options.TestTimeout.TotalSeconds:0} s"
        : $"attempt limit {Options.AttemptTimeout.TotalSeconds:0} s, total {Options.TotalTimeout.TotalMinutes:0} min";
    private const int MaxPages = 10_000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    public ProviderHttpOptions Options => options.Value;

    /// <summary>GETs <paramref name="uri"/> and reads its JSON body as <typeparamref name="T"/>.</summary>
    public async Task<T> GetJsonAsync<T>(string provider, Uri uri, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken) =>
        await SendJsonAsync<T>(provider, HttpMethod.Get, uri, null, headers, cancellationToken)
        ?? throw new InvalidDataException($"{provider} answered {uri.AbsolutePath} with no content.");

    /// <summary>POSTs <paramref name="content"/> (a JSON body or a form) and reads the answer; null when the provider answers 204 No Content.</summary>
    public Task<T?> PostAsync<T>(string provider, Uri uri, Func<HttpContent> content, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken) =>
        SendJsonAsync<T>(provider, HttpMethod.Post, uri, content, headers, cancellationToken);

    /// <summary>A JSON request body, as the cloud APIs take it (camelCase or PascalCase names are the caller's: written as given).</summary>
    public static Func<HttpContent> JsonBody(string json, string mediaType = "application/json") => () =>
    {
        // Exactly this media type, no charset parameter: a signed request (AWS) signs the header as sent.
        var content = new StringContent(json, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    };

    /// <summary>POSTs <paramref name="content"/> and returns the answer's body as text (XML services such as AWS STS), after the same error handling.</summary>
    public async Task<string> PostForTextAsync(string provider, Uri uri, Func<HttpContent> content, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken) =>
        await SendAsync(provider, HttpMethod.Post, uri, content, headers, (body, _) => body, cancellationToken) ?? "";

    private Task<T?> SendJsonAsync<T>(string provider, HttpMethod method, Uri uri, Func<HttpContent>? content, Action<HttpRequestHeaders> headers, CancellationToken cancellationToken) =>
        SendAsync(provider, method, uri, content, headers, (body, status) =>
        {
            if (status == HttpStatusCode.NoContent) return default;
            try
            {
                return JsonSerializer.Deserialize<T>(body, Json)
                    ?? throw new InvalidDataException($"{provider} answered {uri.AbsolutePath} with an empty JSON body.");
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{provider} answered {uri.AbsolutePath} with malformed or truncated JSON ({ex.Message}). Nothing was written.", ex);
            }
        }, cancellationToken);

    private async Task<T?> SendAsync<T>(string provider, HttpMethod method, Uri uri, Func<HttpContent>? content, Action<HttpRequestHeaders> headers,
        Func<string, HttpStatusCode, T?> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (content is not null) request.Content = content();
        headers(request.Headers);
        using var client = factory.CreateClient(_client);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception ex) when (ex is Polly.Timeout.TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{provider} did not answer {uri.AbsolutePath} in time ({TimeLimits}).", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            throw Unreachable(provider, uri, ex);
        }

        using (response)
        {
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                throw Unreachable(provider, uri, ex);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw Describe(provider, uri, response.StatusCode, body);
            }
            return read(body, response.StatusCode);
        }
    }

    /// <summary>The cause once: .NET ends a socket error with "(host:port)", which the sentence already names.</summary>
    private static HttpRequestException Unreachable(string provider, Uri uri, Exception ex) =>
        new($"{provider} could not be reached at {uri.GetLeftPart(UriPartial.Authority)}: {TrailingEndpoint().Replace(ex.Message, "")}", ex);

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\([^()\s]+:\d+\)$")]
    private static partial System.Text.RegularExpressions.Regex TrailingEndpoint();

    /// <summary>Follows <c>next_page</c> cursors (OpenAI and Anthropic usage/cost reports) until <c>has_more</c> is false.</summary>
    public async Task<List<TPage>> GetPagesAsync<TPage>(string provider, Func<string?, Uri> pageUri, Func<TPage, (bool HasMore, string? Next)> cursor,
        Action<HttpRequestHeaders> headers, IProgress<int>? pagesFetched, Func<int> pagesSoFar, CancellationToken cancellationToken)
    {
        var pages = new List<TPage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? next = null;
        while (true)
        {
            var page = await GetJsonAsync<TPage>(provider, pageUri(next), headers, cancellationToken);
            pages.Add(page);
            pagesFetched?.Report(pagesSoFar() + pages.Count);
            var (hasMore, token) = cursor(page);
            if (!hasMore) return pages;
            if (string.IsNullOrEmpty(token))
                throw new InvalidDataException($"{provider} said there were more pages but sent no next_page cursor.");
            if (!seen.Add(token) || pages.Count >= MaxPages)
                throw new InvalidDataException($"{provider} repeated the page cursor '{token}'; stopping instead of looping forever.");
            next = token;
        }
    }

    /// <summary>
    /// Follows list endpoints that page by the last id (<c>after=</c> for OpenAI, <c>after_id=</c> for Anthropic)
    /// while <c>has_more</c> is true.
    /// </summary>
    public async Task<List<T>> GetListAsync<TList, T>(string provider, Func<string?, Uri> pageUri, Func<TList, (IEnumerable<T>? Items, bool HasMore, string? LastId)> read,
        Action<HttpRequestHeaders> headers, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var (pageItems, hasMore, lastId) = read(await GetJsonAsync<TList>(provider, pageUri(after), headers, cancellationToken));
            items.AddRange(pageItems ?? []);
            if (!hasMore || string.IsNullOrEmpty(lastId) || lastId == after) return items;
            after = lastId;
        }
        throw new InvalidDataException($"{provider} kept saying there were more items after {MaxPages} pages; stopping.");
    }

    private static ProviderHttpException Describe(string provider, Uri uri, HttpStatusCode status, string body)
    {
        var said = ProviderMessage(body);
        var code = $"{(int)status} {status}";
        var text = status switch
        {
            HttpStatusCode.Unauthorized => $"{provider} refused the key ({code}): check the admin key — it must be an organization admin key, not a project or API key.",
            HttpStatusCode.Forbidden => $"{provider} refused access ({code}): check the admin key — this key is not an admin key or lacks permission to read usage and costs.",
            HttpStatusCode.NotFound => $"{provider} has no {uri.AbsolutePath} ({code}): check the connection's base URL.",
            HttpStatusCode.TooManyRequests when body.Contains("quota", StringComparison.OrdinalIgnoreCase) => $"{provider} says the quota is exhausted ({code}); retrying would not help.",
            HttpStatusCode.TooManyRequests => $"{provider} kept rate-limiting us ({code}) after the retries allowed.",
            HttpStatusCode.BadRequest => $"{provider} rejected the request to {uri.AbsolutePath} ({code}).",
            _ when (int)status >= 500 => $"{provider} failed with {code} on {uri.AbsolutePath}, still after the retries allowed.",
            _ => $"{provider} answered {code} on {uri.AbsolutePath}.",
        };
        return new ProviderHttpException(status, said is null ? text : $"{text} {provider} said: \"{said}\"", said);
    }

    private static string? ProviderMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            // Entra ID: {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided…"}
            if (root.TryGetProperty("error_description", out var description) && description.ValueKind == JsonValueKind.String) return description.GetString();
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) return m.GetString();
                if (error.ValueKind == JsonValueKind.String) return error.GetString();
            }
            // AWS JSON services: {"__type":"…#ValidationException","Message":"…"} (or "message").
            foreach (var name in new[] { "message", "Message" })
            {
                if (root.TryGetProperty(name, out var message) && message.ValueKind == JsonValueKind.String) return message.GetString();
            }
            return null;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] + "…" : body;
        }
    }
}
