namespace AiGateway.Dashboard.Auth;

/// <summary>The app roles (Entra app roles in production, personas in demo mode).</summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string TeamLead = "TeamLead";
    public const string Manager = "Manager";
    public const string Finance = "Finance";
    public const string Admin = "Admin";

    public static readonly string[] All = [Viewer, TeamLead, Manager, Finance, Admin];
}
