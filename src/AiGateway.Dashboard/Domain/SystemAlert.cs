namespace AiGateway.Dashboard.Domain;

/// <summary>
/// An alert about the platform rather than a budget (a model without a price, untracked spend of a provider-month),
/// fired once per kind and key: its unique key makes a second firing fail, however often the check runs.
/// </summary>
public class SystemAlert
{
    public const string Unpriced = "unpriced";
    public const string Untracked = "untracked";

    public long Id { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>What the alert is about, e.g. "OpenAI|gpt-9-preview" or "OpenAI|2026-12".</summary>
    public string Key { get; set; } = "";
    public DateTime FiredUtc { get; set; }
    public string Title { get; set; } = "";
    public string Message { get; set; } = "";
}
