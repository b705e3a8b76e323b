namespace AiGateway.Dashboard.Auth;

/// <summary>A demo sign-in identity: one per role, with the org unit it belongs to in the demo tree.</summary>
public sealed record DemoPersona(string Key, string Name, string Email, string Role, string Description);
