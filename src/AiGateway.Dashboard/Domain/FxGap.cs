namespace AiGateway.Dashboard.Domain;

/// <summary>Rows of <paramref name="Day"/> billed in <paramref name="From"/> that no rate converts to <paramref name="To"/> yet.</summary>
public sealed record FxGap(string From, string To, DateOnly Day, int Rows, long OriginalMicros)
{
    /// <summary>"no EUR→USD rate for 2026-11-14"</summary>
    public string Describe() => $"no {From}→{To} rate for {Day:yyyy-MM-dd}";
}
