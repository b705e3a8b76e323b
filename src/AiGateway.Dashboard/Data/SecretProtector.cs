using Microsoft.AspNetCore.DataProtection;

namespace AiGateway.Dashboard.Data;

/// <summary>Encrypts connection secrets at rest with ASP.NET Core Data Protection (key ring in our database).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("AiGateway.Dashboard.ProviderConnection.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string encrypted) => _protector.Unprotect(encrypted);

    /// <summary>The only part of a secret ever shown again.</summary>
    public static string Hint(string secret) => secret.Length <= 4 ? "••••" : "…" + secret[^4..];
}
