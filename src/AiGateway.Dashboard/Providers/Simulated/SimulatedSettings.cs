using System.Text.Json;

namespace AiGateway.Dashboard.Providers.Simulated;

/// <summary>Stored in the Simulated connection's settings: same seed and anchor, same numbers; credits as issued.</summary>
/// <param name="CompleteDaysOnly">Bills a UTC day only once it has ended, as real cost APIs lag: the day so far is known from gateway usage alone.</param>
/// <param name="AzureInEur">Bills the Azure OpenAI rows in EUR (the same spend, at <see cref="SimulatedFx"/>'s rates), as a European Azure agreement does.</param>
public sealed record SimulatedSettings(int Seed, DateOnly Anchor, IReadOnlyList<SimulatedCredit>? Credits = null, bool CompleteDaysOnly = false, bool AzureInEur = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SimulatedSettings FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json)
            ? throw new InvalidOperationException("The Simulated connection has no settings (seed and anchor date).")
            : JsonSerializer.Deserialize<SimulatedSettings>(json, Json)
              ?? throw new InvalidOperationException("The Simulated connection's settings are empty.");
}
