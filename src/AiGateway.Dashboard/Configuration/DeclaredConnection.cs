using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Configuration;

public sealed class DeclaredConnection
{
    public string Name { get; set; } = "";
    public ProviderKind Kind { get; set; }
    public string? BaseUrl { get; set; }
    public string? Secret { get; set; }
    public string Schedule { get; set; } = ProviderConnection.DefaultSchedule;
    public int BackfillDays { get; set; } = 90;
    public string? OrganizationId { get; set; }
    public bool Enabled { get; set; } = true;
}
