namespace AiGateway.Dashboard.Configuration;

public sealed class DeclaredApiKey
{
    public string Name { get; set; } = "";
    /// <summary>Hex SHA-256 of the key.</summary>
    public string Sha256 { get; set; } = "";
    public List<string> Scopes { get; set; } = [];
}
