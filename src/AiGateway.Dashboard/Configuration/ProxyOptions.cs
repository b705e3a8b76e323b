namespace AiGateway.Dashboard.Configuration;

/// <summary>
/// Section <c>ForwardedHeaders</c>: behind a TLS-terminating proxy, take the client address, scheme and host from
/// X-Forwarded-For/-Proto/-Host — only from the proxies named here (loopback is always trusted).
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the trusted proxies (e.g. "10.0.0.5").</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (e.g. "10.0.0.0/24").</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
