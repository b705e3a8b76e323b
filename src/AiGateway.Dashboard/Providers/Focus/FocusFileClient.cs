using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Providers.Focus;

/// <summary>
/// FOCUS billing files of any cloud or tool (AWS Data Exports, Azure cost exports, Google's FOCUS view): read from a server folder
/// or file, an HTTPS URL, or the files uploaded for the connection. The rows of the chosen service category are taken; the run
/// replaces exactly the billing periods the files cover, so importing a period again replaces it and never adds it twice.
/// </summary>
public sealed class FocusFileClient(IHttpClientFactory http, IOptions<FocusOptions> options, IHostEnvironment environment) : IBillingClient
{
    public const string DownloadClientName = "focus-download";

    public ProviderKind Kind => ProviderKind.Focus;

    /// <summary>The folder where the connection's uploaded files are kept.</summary>
    public string UploadFolder(int connectionId) =>
        Path.Combine(Path.IsPathRooted(options.Value.UploadFolder) ? options.Value.UploadFolder : Path.Combine(environment.ContentRootPath, options.Value.UploadFolder), connectionId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<BillingFetchResult> FetchAsync(BillingFetchRequest request, IProgress<int>? pagesFetched, CancellationToken cancellationToken)
    {
        var settings = FocusSettings.From(request.Connection.Settings);
        var sources = Sources(request.Connection, settings);
        if (sources.Count == 0)
            throw new InvalidOperationException("The FOCUS connection has no file to read: set a folder or file, an HTTPS URL, or upload a file on the Connections page.");
        var rows = new List<(CostRecord Row, decimal Exact)>();
        DateOnly? from = null, to = null;
        long read = 0, skipped = 0;
        var files = 0;
        foreach (var (name, open) in sources)
        {
            await using var stream = await open(cancellationToken);
            await foreach (var line in FocusReader.ReadAsync(name, stream, cancellationToken))
            {
                read++;
                if (FocusMapping.Map(line, name, settings.Category) is not { } mapped) { skipped++; continue; }
                rows.Add((mapped.Row, mapped.Exact));
                from = from is null || mapped.BillingPeriod.From < from ? mapped.BillingPeriod.From : from;
                to = to is null || mapped.BillingPeriod.To > to ? mapped.BillingPeriod.To : to;
                if (read % 50_000 == 0) pagesFetched?.Report(files + 1);
            }
            pagesFetched?.Report(++files);
        }
        var notes = new List<string> { $"{files} file(s), {read:N0} row(s) read, {rows.Count:N0} of {settings.Category}{(skipped > 0 ? $", {skipped:N0} of other service categories left out" : "")}." };
        var covers = from is { } f && to is { } t ? new DateWindow(f, t) : (DateWindow?)null;
        if (covers is null) notes.Add("No row of the service category: nothing was replaced.");
        return new BillingFetchResult(BillingRows.Merge(BillingRows.ToMicros(rows)).ToList(), files, null, notes, null, covers);
    }

    public async Task<string> TestAsync(ProviderConnection connection, string? secret, CancellationToken cancellationToken)
    {
        var settings = FocusSettings.From(connection.Settings);
        var sources = Sources(connection, settings);
        if (sources.Count == 0) return "No FOCUS file yet: set a folder or file, an HTTPS URL, or upload a file.";
        // Reading the first rows of the first file proves the path and the format.
        var (name, open) = sources[0];
        await using var stream = await open(cancellationToken);
        var first = 0;
        await foreach (var line in FocusReader.ReadAsync(name, stream, cancellationToken))
        {
            FocusMapping.Map(line, name, settings.Category);
            if (++first == 100) break;
        }
        return $"{sources.Count} FOCUS file(s) found; {name} reads as FOCUS ({first} row(s) checked).";
    }

    private List<(string Name, Func<CancellationToken, Task<Stream>> Open)> Sources(ProviderConnection connection, FocusSettings settings)
    {
        var sources = new List<(string, Func<CancellationToken, Task<Stream>>)>();
        void Files(string folder)
        {
            if (!Directory.Exists(folder)) return;
            foreach (var file in Directory.EnumerateFiles(folder).Where(FocusReader.IsFocusFile).Order(StringComparer.Ordinal))
                sources.Add((Path.GetFileName(file), _ => Task.FromResult<Stream>(File.OpenRead(file))));
        }
        if (!string.IsNullOrWhiteSpace(settings.Path))
        {
            var path = settings.Path.Trim();
            if (File.Exists(path)) sources.Add((Path.GetFileName(path), _ => Task.FromResult<Stream>(File.OpenRead(path))));
            else if (Directory.Exists(path)) Files(path);
            else throw new InvalidOperationException($"The FOCUS path '{path}' is neither a file nor a folder on this server.");
        }
        if (!string.IsNullOrWhiteSpace(connection.BaseUrl) && Uri.TryCreate(connection.BaseUrl, UriKind.Absolute, out var url))
        {
            var name = Path.GetFileName(url.AbsolutePath);
            sources.Add((FocusReader.IsFocusFile(name) ? name : name + ".csv", ct => DownloadAsync(url, ct)));
        }
        Files(UploadFolder(connection.Id));
        return sources;
    }

    private async Task<Stream> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        using var client = http.CreateClient(DownloadClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"The FOCUS file at {url.GetLeftPart(UriPartial.Path)} could not be fetched: {ex.Message}", ex);
        }
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            // The query string of a pre-signed URL is a credential: never repeated.
            throw new HttpRequestException($"The FOCUS file at {url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.StatusCode}; nothing was replaced.");
        }
        if (response.Content.Headers.ContentLength > options.Value.MaxFileBytes)
        {
            response.Dispose();
            throw new InvalidDataException($"The FOCUS file at {url.GetLeftPart(UriPartial.Path)} is larger than {options.Value.MaxFileBytes:N0} bytes (Focus:MaxFileBytes).");
        }
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }
}
