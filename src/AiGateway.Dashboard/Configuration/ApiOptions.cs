namespace AiGateway.Dashboard.Configuration;

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Keys declared for automation. Only the SHA-256 of a key is ever configured.</summary>
    public List<DeclaredApiKey> Keys { get; set; } = [];
}
