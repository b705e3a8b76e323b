using Microsoft.AspNetCore.DataProtection;

namespace AiGateway.Dashboard.Data;

/// <summary>Encrypts connection secrets at rest with ASP.NET Core Data Protection (the key ring: see KeyRingRegistration).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("AiGateway.Dashboard.ProviderConnection.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string encrypted) => _protector.Unprotect(encrypted);

    /// <summary>True when this key ring opens the value (a copy of the database with another key ring does not).</summary>
    public bool CanUnprotect(string encrypted)
    {
        try
        {
            _protector.Unprotect(encrypted);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The only part of a secret ever shown again.</summary>
    public static string Hint(string secret) => secret.Length <= 4 ? "••••" : "…" + secret[^4..];
}
