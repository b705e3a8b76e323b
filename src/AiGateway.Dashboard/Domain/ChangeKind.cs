namespace AiGateway.Dashboard.Domain;

/// <summary>What changed, for the pages and background work that follow it (a page names the kinds it shows).</summary>
[Flags]
public enum ChangeKind
{
    None = 0,
    /// <summary>Billed spend of a connection (a sync wrote rows).</summary>
    Spend = 1,
    /// <summary>Gateway estimates (a usage batch moved live totals).</summary>
    Estimates = 2,
    /// <summary>Allocation rules or the org tree moved spend between units.</summary>
    Allocation = 4,
    /// <summary>Budgets were evaluated or changed.</summary>
    Budgets = 8,
    /// <summary>A budget request was made or decided.</summary>
    Approvals = 16,
    /// <summary>In-app notifications were added or read.</summary>
    Notifications = 32,
    /// <summary>A month was closed or reopened.</summary>
    Books = 64,
    /// <summary>A budget, its amounts or its periods' overrides were created, changed or deleted.</summary>
    BudgetDefinitions = 128,
    /// <summary>An API key was made or revoked: every node's key cache reloads.</summary>
    ApiKeys = 256,
    /// <summary>Everything a spend figure depends on.</summary>
    AnySpend = Spend | Estimates | Allocation | Books,
}
