using System.Text.RegularExpressions;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Azure;

/// <summary>
/// Reads Azure OpenAI / Foundry meter names, which are spelled many ways (<c>gpt-4o-0806-Inp-glbl Tokens</c>,
/// <c>gpt 4o 1120 cached Inp glbl</c>, <c>GPT 5 Inpt Glbl</c>, <c>gpt-4o-mini-0718-Batch-Outp-DZone Tokens</c>): the words of
/// a token kind and of a deployment type come from the tables below, the words before the kind name the model. A meter
/// naming no kind is not guessed at: null, and the client keeps it under its own name and lists it.
/// </summary>
public static partial class AzureMeters
{
    // Spellings seen in cost data, lower case, after '-' and '_' became spaces. Longer phrases are tried first.
    private static readonly (string[] Words, TokenType Type)[] Kinds =
    [
        (["cached", "input"], TokenType.CachedInput), (["cached", "inp"], TokenType.CachedInput), (["cached", "inpt"], TokenType.CachedInput),
        (["cchd", "inp"], TokenType.CachedInput), (["cached"], TokenType.CachedInput), (["cache", "read"], TokenType.CachedInput),
        (["cache", "write"], TokenType.CacheWrite),
        (["input"], TokenType.Input), (["inp"], TokenType.Input), (["inpt"], TokenType.Input), (["in"], TokenType.Input), (["prompt"], TokenType.Input),
        (["output"], TokenType.Output), (["outp"], TokenType.Output), (["outpt"], TokenType.Output), (["out"], TokenType.Output), (["completion"], TokenType.Output),
    ];

    private static readonly Dictionary<string, string> Deployments = new()
    {
        ["glbl"] = "global", ["global"] = "global", ["gl"] = "global",
        ["regnl"] = "regional", ["regional"] = "regional", ["rgnl"] = "regional",
        ["dzone"] = "data zone", ["dz"] = "data zone", ["datazone"] = "data zone",
    };

    private static readonly HashSet<string> Noise = ["tokens", "token", "1k", "1m", "units", "unit"];

    public static AzureMeter? Parse(string? meter)
    {
        if (string.IsNullOrWhiteSpace(meter)) return null;
        var words = Separators().Split(meter.Trim().ToLowerInvariant()).Where(w => w.Length > 0).ToList();
        // "data zone" is two words in some spellings.
        for (var i = 0; i < words.Count - 1; i++)
        {
            if (words[i] == "data" && words[i + 1] == "zone") { words[i] = "datazone"; words.RemoveAt(i + 1); }
        }
        var batch = words.Remove("batch");
        string? deployment = null;
        foreach (var w in words.ToList())
        {
            if (Deployments.TryGetValue(w, out var d)) { deployment = d; words.Remove(w); }
        }
        words.RemoveAll(Noise.Contains);

        for (var i = 1; i < words.Count + 1; i++)
        {
            foreach (var (kindWords, type) in Kinds)
            {
                if (i + kindWords.Length - 1 > words.Count) continue;
                if (!kindWords.Select((k, j) => words[i - 1 + j] == k).All(x => x)) continue;
                var model = string.Join('-', words.Take(i - 1));
                if (model.Length == 0 || !model.Any(char.IsLetter)) return null;
                var tier = batch ? "batch" + (deployment is null ? "" : " " + deployment) : deployment;
                return new AzureMeter(model, type, tier);
            }
        }
        return null;
    }

    [GeneratedRegex(@"[\s\-_/]+")]
    private static partial Regex Separators();
}
