namespace AiGateway.Dashboard.Configuration;

/// <summary>The X.509 certificate that encrypts the key ring kept in the database (every node needs it).</summary>
public sealed class DataProtectionCertificateOptions
{
    /// <summary>A PKCS#12 (.pfx) file with the private key.</summary>
    public string? Path { get; set; }

    public string? Password { get; set; }

    /// <summary>Or: the thumbprint of a certificate in the CurrentUser or LocalMachine "My" store.</summary>
    public string? Thumbprint { get; set; }
}
