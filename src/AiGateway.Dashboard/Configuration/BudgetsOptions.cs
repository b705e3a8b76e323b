namespace AiGateway.Dashboard.Configuration;

public sealed class BudgetsOptions
{
    public const string Section = "Budgets";

    /// <summary>The largest amount a budget period may have, in USD; anything above is refused as a typo.</summary>
    public decimal MaxAmount { get; set; } = 1_000_000_000m;
}
