using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AiGateway.Dashboard.Configuration;

namespace AiGateway.Dashboard.Data;

/// <summary>Loads the configured key-ring certificate, or generates the embedded default's into its key folder.</summary>
public static class KeyRingCertificates
{
    public const string GeneratedFileName = "key-encryption.pfx";
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static X509Certificate2 LoadConfigured(DataProtectionCertificateOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.Path))
        {
            var path = Path.GetFullPath(options.Path, contentRoot);
            if (!File.Exists(path))
                throw new DashboardConfigurationException("DataProtection:Certificate:Path", $"no certificate file at '{path}'.");
            try
            {
                return WithPrivateKey(X509CertificateLoader.LoadPkcs12FromFile(path, options.Password, X509KeyStorageFlags.Exportable), "DataProtection:Certificate:Path");
            }
            catch (CryptographicException ex)
            {
                throw new DashboardConfigurationException("DataProtection:Certificate:Password", $"the certificate file could not be opened ({ex.Message}).");
            }
        }
        var thumbprint = options.Thumbprint!.Replace(" ", "", StringComparison.Ordinal);
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            if (found.Count > 0) return WithPrivateKey(found[0], "DataProtection:Certificate:Thumbprint");
        }
        throw new DashboardConfigurationException("DataProtection:Certificate:Thumbprint", $"no certificate with thumbprint {thumbprint} in the CurrentUser or LocalMachine 'My' store.");
    }

    /// <summary>
    /// The embedded default: an owner-only folder holding the key ring and the self-signed certificate that
    /// encrypts it, created on first start. A copy of the database without this folder opens nothing.
    /// </summary>
    public static X509Certificate2 LoadOrCreateInFolder(string folder, TimeProvider clock)
    {
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
        else if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, OwnerOnlyFolder);
        }
        var path = Path.Combine(folder, GeneratedFileName);
        if (File.Exists(path)) return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);

        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=AiGateway.Dashboard key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = clock.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pkcs12));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, OwnerOnlyFile);
        File.Move(temporary, path);
        return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);
    }

    private static X509Certificate2 WithPrivateKey(X509Certificate2 certificate, string key) =>
        certificate.HasPrivateKey ? certificate : throw new DashboardConfigurationException(key, "the certificate has no private key; the key ring cannot be decrypted with it.");
}
