namespace AiGateway.Dashboard.Features;

/// <summary>How the HTTP API names fields and values: camelCase, as System.Text.Json writes them.</summary>
public static class JsonNames
{
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
