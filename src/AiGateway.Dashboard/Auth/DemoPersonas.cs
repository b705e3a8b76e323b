namespace AiGateway.Dashboard.Auth;

public static class DemoPersonas
{
    public static readonly IReadOnlyList<DemoPersona> All =
    [
        new("viewer", "Vera Viewer", "vera.viewer@demo.local", Roles.Viewer, "Engineer on the Search team; sees Search spend"),
        new("teamlead", "Tom Lead", "tom.lead@demo.local", Roles.TeamLead, "Leads Support Automation; requests budget increases"),
        new("manager", "Mia Manager", "mia.manager@demo.local", Roles.Manager, "Owns Product Engineering; approves requests"),
        new("finance", "Fay Finance", "fay.finance@demo.local", Roles.Finance, "FinOps analyst; sees all spend, files the month-end pack"),
        new("admin", "Ada Admin", "ada.admin@demo.local", Roles.Admin, "Platform team; runs connections, rules and people"),
    ];

    public static DemoPersona? Find(string key) =>
        All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The signed-in identity of a persona (what the demo sign-in puts in its cookie).</summary>
    public static System.Security.Claims.ClaimsPrincipal Principal(DemoPersona p, string authenticationType) =>
        new(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, p.Email),
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, p.Name),
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Email, p.Email),
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, p.Role),
        ], authenticationType));
}
