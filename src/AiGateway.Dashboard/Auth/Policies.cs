namespace AiGateway.Dashboard.Auth;

/// <summary>Authorization policies (DESIGN.md §6). Every page and endpoint names one.</summary>
public static class Policies
{
    /// <summary>Any signed-in person with a role: sees spend (of their own units, later enforced in queries).</summary>
    public const string SeeSpend = "see-spend";
    /// <summary>TeamLead, Manager, Finance, Admin.</summary>
    public const string RequestIncrease = "request-increase";
    /// <summary>Manager (own subtree) and Finance (second approval).</summary>
    public const string Approve = "approve";
    /// <summary>Finance and Admin.</summary>
    public const string ManageBudgets = "manage-budgets";
    /// <summary>Manager (own subtree), Finance, Admin.</summary>
    public const string Reports = "reports";
    /// <summary>Finance: closes and reopens months (the Books page).</summary>
    public const string Books = "books";
    /// <summary>Finance and Admin read the prices; only Admins change them (the page checks the role before every change).</summary>
    public const string Prices = "prices";
    /// <summary>Admin only: connections, secrets, rules, org tree, people, job dashboard.</summary>
    public const string Admin = "admin";

    /// <summary>Pages that must be reachable before sign-in (the sign-in page itself).</summary>
    public const string Anonymous = "anonymous";

    public const string ApiSpendRead = "api:spend:read";
    public const string ApiUsageWrite = "api:usage:write";
    public const string ApiBudgetsCheck = "api:budgets:check";
    /// <summary>Budget changes over HTTP: Finance and Admin people, or API keys with <c>budgets:write</c>.</summary>
    public const string ApiBudgetsWrite = "api:budgets:write";
    public const string ApiAdmin = "api:admin";
    /// <summary>The months' books over HTTP: keys with spend:read or books:close, Finance and Admin people.</summary>
    public const string ApiBooksRead = "api:books:read";
    /// <summary>Closing a month over HTTP: a signed-in Finance person, or an API key with <c>books:close</c>.</summary>
    public const string ApiBooksClose = "api:books:close";
    /// <summary>Reopening a month over HTTP: a signed-in Finance person only (a reason is required).</summary>
    public const string ApiBooksReopen = "api:books:reopen";
    /// <summary>Acting as a person over the API (budget requests and decisions): a signed-in person, never an API key.</summary>
    public const string ApiPerson = "api:person";
    /// <summary>Month-end workbook and exports: a key with spend:read, or a signed-in Manager (own subtree), Finance or Admin.</summary>
    public const string ApiReports = "api:reports";
}
