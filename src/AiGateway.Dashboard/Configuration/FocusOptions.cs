namespace AiGateway.Dashboard.Configuration;

/// <summary><c>Focus</c>: where FOCUS files uploaded on the Connections page are kept (one folder per connection), and how large they may be.</summary>
public sealed class FocusOptions
{
    public const string Section = "Focus";

    /// <summary>Relative to the content root unless absolute.</summary>
    public string UploadFolder { get; set; } = "focus-uploads";

    public long MaxFileBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
