namespace AiGateway.Dashboard.Configuration;

/// <summary>
/// Where the Data Protection key ring lives and what encrypts it at rest. The key ring encrypts connection
/// secrets and signs the sign-in cookie, so it must never sit in clear beside the data it protects.
/// </summary>
public sealed class DataProtectionOptions
{
    public const string Section = "DataProtection";
    public const string DefaultKeyFolder = "keys";

    /// <summary>
    /// Without a certificate: the folder (relative to the content root) that holds the key ring and the
    /// certificate generated on first start to encrypt it. Empty = keys in the database, unencrypted
    /// (refused outside Development).
    /// </summary>
    public string? KeyFolder { get; set; } = DefaultKeyFolder;

    public DataProtectionCertificateOptions Certificate { get; set; } = new();

    public bool HasCertificate => !string.IsNullOrWhiteSpace(Certificate.Path) || !string.IsNullOrWhiteSpace(Certificate.Thumbprint);

    /// <summary>Keys kept in the database with nothing to encrypt them: only acceptable on a developer's machine.</summary>
    public bool StoresKeysUnprotected => !HasCertificate && string.IsNullOrWhiteSpace(KeyFolder);
}
