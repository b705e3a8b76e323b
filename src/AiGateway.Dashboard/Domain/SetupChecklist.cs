namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A new instance's first hour, for Admins: connect a provider, build the org tree, allocate spend, set budgets, bring
/// Finance in. Each step ticks itself from what exists; the list shows until every step is done.
/// </summary>
public sealed record SetupChecklist(IReadOnlyList<SetupStep> Steps)
{
    public int DoneCount => Steps.Count(s => s.Done);
    public bool Complete => Steps.All(s => s.Done);

    /// <param name="syncedConnections">Billing connections (not the gateway's) with at least one successful sync.</param>
    /// <param name="orgUnits">Org units, the organization itself included.</param>
    public static SetupChecklist From(int syncedConnections, int orgUnits, int allocationRules, int budgets, int financeRecipients) => new(
    [
        new("connect", "Connect a provider", "Add a billing connection with its admin key; its spend arrives with the first sync.", "connections", syncedConnections > 0),
        new("org-tree", "Build the org tree", "Add the business units, teams and projects that spend is allocated to.", "admin", orgUnits > 1),
        new("rules", "Allocate spend", "Add allocation rules (by project, key, tag or model) so spend lands on its team, not Unallocated.", "admin", allocationRules > 0),
        new("budgets", "Set budgets", "Give units a monthly, quarterly or annual budget, with alerts and, where needed, a hard limit.", "budgets", budgets > 0),
        new("finance", "Bring Finance in", "Give finance people the Finance app role and list their addresses as Finance recipients (Notifications), so alerts and the month-end reach them.", "admin", financeRecipients > 0),
    ]);
}
