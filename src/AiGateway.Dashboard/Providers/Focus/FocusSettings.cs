using System.Text.Json;

namespace AiGateway.Dashboard.Providers.Focus;

/// <summary>
/// A FOCUS connection's own fields: <paramref name="Path"/> a folder (every .csv, .csv.gz and .parquet in it) or one file, on the
/// server; the connection's base URL may instead be an HTTPS URL of one file (a pre-signed storage URL). Files uploaded on the
/// Connections page are read too. Only rows of <paramref name="ServiceCategory"/> are taken.
/// </summary>
public sealed record FocusSettings(string? Path = null, string? ServiceCategory = null)
{
    public const string AiAndMachineLearning = "AI and Machine Learning";

    public string Category => string.IsNullOrWhiteSpace(ServiceCategory) ? AiAndMachineLearning : ServiceCategory.Trim();

    public string ToJson() => JsonSerializer.Serialize(this, ProviderSettings.Json);

    public static FocusSettings From(string? json) => string.IsNullOrWhiteSpace(json) ? new FocusSettings() : ProviderSettings.Read<FocusSettings>(json, "FOCUS", "folder or file");
}
