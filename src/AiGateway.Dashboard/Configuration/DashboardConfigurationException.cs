namespace AiGateway.Dashboard.Configuration;

/// <summary>Invalid configuration found at start; the message names the key.</summary>
public sealed class DashboardConfigurationException(string key, string problem)
    : Exception($"Invalid configuration '{key}': {problem}")
{
    public string Key { get; } = key;
}
