namespace AiGateway.Dashboard.Configuration;

public sealed class ProvidersOptions
{
    public const string Section = "Providers";

    /// <summary>Connections declared in configuration: upserted at start, read-only in the UI.</summary>
    public List<DeclaredConnection> Connections { get; set; } = [];
}
