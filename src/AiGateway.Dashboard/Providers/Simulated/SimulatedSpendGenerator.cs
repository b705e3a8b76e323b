using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Simulated;

/// <summary>
/// Deterministic, realistic daily AI usage and cost of a mid-size company: a row depends only on the
/// seed, the anchor date and the row's own day, project and model — so any window gives the same numbers
/// for the same day. Weekday/weekend rhythm, steady growth and one spike (support-bot on Claude Sonnet,
/// nine days before the anchor).
/// </summary>
public sealed class SimulatedSpendGenerator(SimulatedSettings settings)
{
    public const string SpikeProject = "proj_support_bot";
    public const string SpikeModel = "claude-sonnet-4-5-20250929";
    private const long M = 1_000_000;

    public static IReadOnlyList<SimulatedModel> Models { get; } =
    [
        new("gpt-4o-2024-08-06", ProviderKind.OpenAI, 2_500_000, 1_250_000, 10_000_000, 1_800, 420),
        new("gpt-4o-mini-2024-07-18", ProviderKind.OpenAI, 150_000, 75_000, 600_000, 1_200, 300),
        new("o3-2025-04-16", ProviderKind.OpenAI, 2_000_000, 500_000, 8_000_000, 2_400, 1_600),
        new("text-embedding-3-large", ProviderKind.OpenAI, 130_000, 130_000, 0, 900, 0),
        new("claude-sonnet-4-5-20250929", ProviderKind.Anthropic, 3_000_000, 300_000, 15_000_000, 2_600, 520),
        new("claude-haiku-4-5-20251001", ProviderKind.Anthropic, 1_000_000, 100_000, 5_000_000, 1_400, 260),
        new("gpt-4o-0806-glbl", ProviderKind.AzureOpenAI, 2_500_000, 1_250_000, 10_000_000, 1_700, 380),
        new("gpt-4.1-mini-2025-04-14", ProviderKind.AzureOpenAI, 400_000, 100_000, 1_600_000, 1_100, 280),
    ];

    public static IReadOnlyList<SimulatedProject> Projects { get; } =
    [
        new("proj_search_ranking", "Search ranking", "Search", "Product Engineering", 90_000, ["gpt-4o-mini-2024-07-18", "text-embedding-3-large"]),
        new("proj_search_answers", "Search answers", "Search", "Product Engineering", 40_000, ["gpt-4o-2024-08-06", "claude-haiku-4-5-20251001"]),
        new("proj_support_bot", "Support bot", "Support Automation", "Product Engineering", 35_000, ["claude-sonnet-4-5-20250929", "gpt-4o-mini-2024-07-18"]),
        new("proj_ticket_triage", "Ticket triage", "Support Automation", "Product Engineering", 60_000, ["claude-haiku-4-5-20251001"]),
        new("proj_kb_writer", "Knowledge-base writer", "Support Automation", "Product Engineering", 9_000, ["claude-sonnet-4-5-20250929"]),
        new("proj_code_review", "Code review", "Developer Productivity", "Product Engineering", 22_000, ["o3-2025-04-16", "claude-sonnet-4-5-20250929"]),
        new("proj_test_gen", "Test generation", "Developer Productivity", "Product Engineering", 15_000, ["gpt-4o-2024-08-06"]),
        new("proj_report_gen", "Report generation", "Insights", "Data & Analytics", 12_000, ["gpt-4o-0806-glbl"]),
        new("proj_sql_copilot", "SQL copilot", "Insights", "Data & Analytics", 28_000, ["gpt-4.1-mini-2025-04-14", "gpt-4o-0806-glbl"]),
        new("proj_campaign_copy", "Campaign copy", "Marketing AI", "Data & Analytics", 16_000, ["gpt-4o-2024-08-06", "claude-haiku-4-5-20251001"]),
        new("proj_image_studio", "Image studio", "Marketing AI", "Data & Analytics", 7_000, ["gpt-4o-2024-08-06"]),
        new("proj_hr_assistant", "HR assistant", "Internal Tools", "Corporate IT", 13_000, ["gpt-4.1-mini-2025-04-14"]),
    ];

    public DateOnly SpikeDate => settings.Anchor.AddDays(-9);

    /// <param name="asOf">When asked: the UTC day of <paramref name="asOf"/> holds only its whole hours so far, later days nothing.</param>
    public IEnumerable<CostRecord> Generate(DateWindow window, DateTimeOffset? asOf = null)
    {
        var now = asOf?.UtcDateTime;
        var today = now is { } n ? DateOnly.FromDateTime(n) : DateOnly.MaxValue;
        foreach (var day in window.EachDay())
        {
            if (day > today) yield break;
            var share = day == today ? now!.Value.Hour / 24.0 : 1.0;
            if (share == 0) yield break;
            foreach (var project in Projects)
            {
                foreach (var modelName in project.Models)
                {
                    yield return Row(day, project, Models.First(m => m.Name == modelName), share);
                }
            }
            foreach (var credit in settings.Credits ?? [])
            {
                if (credit.Date == day) yield return Credit(credit);
            }
        }
    }

    private static CostRecord Credit(SimulatedCredit credit)
    {
        var model = Models.FirstOrDefault(m => m.Name == credit.Model) ?? throw new InvalidDataException($"The simulated credit names an unknown model '{credit.Model}'.");
        var record = new CostRecord
        {
            Provider = model.Provider,
            UsageDate = credit.Date,
            AccountId = "sim-org",
            ProjectId = credit.Project,
            Model = model.Name,
            LineItem = "credit: " + credit.Description,
            Kind = CostKind.Billed,
            CostMicros = -Math.Abs(credit.AmountMicros),
            Currency = Money.Usd,
        };
        record.ComputeNaturalKey();
        return record;
    }

    private CostRecord Row(DateOnly day, SimulatedProject project, SimulatedModel model, double share)
    {
        var weekday = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.35 : 1.0;
        var growth = Math.Max(0.3, 1.0 + 0.004 * (day.DayNumber - settings.Anchor.DayNumber));
        var noise = 0.85 + 0.3 * Unit(day, project.Id, model.Name, "volume");
        var spike = day == SpikeDate && project.Id == SpikeProject && model.Name == SpikeModel ? 7.0 : 1.0;
        var requests = (long)Math.Round(project.BaseRequestsPerDay * weekday * growth * noise * spike * share);

        var inputTokens = requests * (long)(model.InputTokensPerRequest * (0.9 + 0.2 * Unit(day, project.Id, model.Name, "in")));
        var cachedShare = model.CachedInputPerMillion == model.InputPerMillion ? 0.0 : 0.15 + 0.25 * Unit(day, project.Id, model.Name, "cache");
        var cachedTokens = (long)(inputTokens * cachedShare);
        var outputTokens = requests * (long)(model.OutputTokensPerRequest * (0.9 + 0.2 * Unit(day, project.Id, model.Name, "out")));

        // Integer arithmetic throughout: micro-dollars per million tokens × tokens, rounded once.
        var cost = ((inputTokens - cachedTokens) * model.InputPerMillion
                    + cachedTokens * model.CachedInputPerMillion
                    + outputTokens * model.OutputPerMillion
                    + M / 2) / M;

        var record = new CostRecord
        {
            Provider = model.Provider,
            UsageDate = day,
            AccountId = "sim-org",
            ProjectId = project.Id,
            ApiKeyId = "key_" + project.Id[5..] + "_prod",
            Model = model.Name,
            LineItem = model.Name + ", tokens",
            Kind = CostKind.Billed,
            InputTokens = inputTokens,
            CachedInputTokens = cachedTokens,
            OutputTokens = outputTokens,
            Requests = requests,
            CostMicros = cost,
            Currency = Money.Usd,
        };
        if (settings.AzureInEur && model.Provider == ProviderKind.AzureOpenAI)
        {
            record.Currency = FxTable.Eur;
            record.CostMicros = (long)decimal.Round(cost / SimulatedFx.RateFor(day), 0, MidpointRounding.ToEven);
        }
        record.ComputeNaturalKey();
        return record;
    }

    // A stable pseudo-random number in [0, 1) from the row's identity (FNV-1a): no state, no order dependence.
    private double Unit(DateOnly day, string project, string model, string salt)
    {
        var hash = 2166136261u;
        foreach (var ch in $"{settings.Seed}|{day.DayNumber}|{project}|{model}|{salt}")
        {
            hash = (hash ^ ch) * 16777619u;
        }
        hash ^= hash >> 15;
        hash *= 2246822519u;
        hash ^= hash >> 13;
        return hash / 4294967296.0;
    }
}
