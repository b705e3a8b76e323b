namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Where the bill has arrived (decision 012): per provider, UTC day and project the bill is the truth once it exists, and
/// gateway estimates count only where it does not — usage without a project only on a day the provider billed nothing.
/// </summary>
public sealed class BilledCoverage(IEnumerable<(ProviderKind Provider, DateOnly Day, string? Project)> billedFacts)
{
    private readonly HashSet<(ProviderKind, DateOnly, string)> _projects = billedFacts.Select(b => (b.Provider, b.Day, b.Project ?? "")).ToHashSet();
    private readonly HashSet<(ProviderKind, DateOnly)> _days = billedFacts.Select(b => (b.Provider, b.Day)).ToHashSet();

    /// <summary>Has the bill replaced gateway estimates of this provider, day and project ("" for none)?</summary>
    public bool Covers(ProviderKind provider, DateOnly day, string project) =>
        project.Length > 0 ? _projects.Contains((provider, day, project)) : _days.Contains((provider, day));
}
