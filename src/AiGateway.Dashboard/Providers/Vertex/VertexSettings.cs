using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiGateway.Dashboard.Providers.Vertex;

/// <summary>
/// A Vertex AI / Gemini connection's own fields: the Cloud Billing export table in BigQuery (<paramref name="Project"/>.<paramref name="Dataset"/>.<paramref name="Table"/>,
/// e.g. <c>gcp_billing_export_v1_…</c>), the job location, a <paramref name="MaximumBytesBilled"/> guard, and an optional label key to attribute by.
/// The secret is the service-account key JSON.
/// </summary>
public sealed partial record VertexSettings(string Project, string Dataset, string Table, string? Location = null, long? MaximumBytesBilled = null, string? LabelKey = null, string? Services = null)
{
    public const long DefaultMaximumBytesBilled = 10L * 1024 * 1024 * 1024;
    public static readonly string[] DefaultServices = ["Vertex AI", "Gemini API", "Generative Language API"];

    public long BytesGuard => MaximumBytesBilled is > 0 ? MaximumBytesBilled.Value : DefaultMaximumBytesBilled;

    public IReadOnlyList<string> ServiceNames => string.IsNullOrWhiteSpace(Services) ? DefaultServices : Services.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Project) || !ProjectId().IsMatch(Project)) return $"Project '{Project}' is not a Google Cloud project id (lower-case letters, digits and hyphens).";
        if (string.IsNullOrWhiteSpace(Dataset) || !Name().IsMatch(Dataset)) return $"Dataset '{Dataset}' is not a BigQuery dataset name (letters, digits and underscores).";
        if (string.IsNullOrWhiteSpace(Table) || !Name().IsMatch(Table)) return $"Table '{Table}' is not a BigQuery table name (letters, digits and underscores).";
        if (Location is { Length: > 0 } l && !LocationName().IsMatch(l)) return $"Location '{l}' is not a BigQuery location such as US, EU or europe-west1.";
        if (LabelKey is { Length: > 0 } k && (k.Length > 63 || !LabelName().IsMatch(k))) return $"Label key '{k}' is not a Google Cloud label key.";
        if (MaximumBytesBilled is < 0) return "Maximum bytes billed must be above zero.";
        return null;
    }

    /// <summary>The table as SQL names it: every part was validated, so nothing else can reach the query text.</summary>
    public string QualifiedTable => $"`{Project}.{Dataset}.{Table}`";

    public string ToJson() => JsonSerializer.Serialize(this, ProviderSettings.Json);

    public static VertexSettings From(string? json) => ProviderSettings.Read<VertexSettings>(json, "Vertex AI", "project, dataset and table of the billing export");

    [GeneratedRegex("^[a-z][a-z0-9-]{4,61}[a-z0-9]$")] private static partial Regex ProjectId();
    [GeneratedRegex("^[A-Za-z0-9_]{1,1024}$")] private static partial Regex Name();
    [GeneratedRegex("^[A-Za-z0-9-]{2,40}$")] private static partial Regex LocationName();
    [GeneratedRegex("^[a-z][a-z0-9_-]*$")] private static partial Regex LabelName();
}
