namespace AiGateway.Dashboard.Configuration;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string Demo = "Demo";
    public const string Entra = "Entra";

    public string Mode { get; set; } = Demo;

    public bool IsDemo => string.Equals(Mode, Demo, StringComparison.OrdinalIgnoreCase);
}
