namespace AiGateway.Dashboard.Auth;

public static class ApiScopes
{
    public const string ClaimType = "scope";
    public const string SpendRead = "spend:read";
    public const string UsageWrite = "usage:write";
    public const string BudgetsCheck = "budgets:check";
    public const string BudgetsWrite = "budgets:write";
    public const string BooksClose = "books:close";
    public const string Admin = "admin";

    public static readonly string[] All = [SpendRead, UsageWrite, BudgetsCheck, BudgetsWrite, BooksClose, Admin];
}
