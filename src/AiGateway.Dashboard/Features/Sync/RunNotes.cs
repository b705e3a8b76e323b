using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Sync;

/// <summary>The one text a successful run keeps for people: what the client noted and what waits for a rate.</summary>
public static class RunNotes
{
    public const int MaxLength = 4000;

    public static string? Describe(IReadOnlyList<string>? clientNotes, IReadOnlyList<FxGap> gaps)
    {
        var parts = new List<string>(clientNotes ?? []);
        if (gaps.Count > 0)
        {
            var shown = string.Join("; ", gaps.Take(5).Select(g => g.Describe()));
            var more = gaps.Count > 5 ? $" and {gaps.Count - 5} more day(s)" : "";
            parts.Add($"{gaps.Sum(g => g.Rows):N0} row(s) kept without conversion, left out of totals until a rate arrives: {shown}{more}.");
        }
        if (parts.Count == 0) return null;
        var text = string.Join(" ", parts);
        return text.Length > MaxLength ? text[..(MaxLength - 1)] + "…" : text;
    }
}
