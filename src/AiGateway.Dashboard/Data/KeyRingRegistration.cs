using AiGateway.Dashboard.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using DataProtectionOptions = AiGateway.Dashboard.Configuration.DataProtectionOptions;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// The Data Protection key ring (connection secrets, the sign-in cookie), never at rest in clear beside the data:
/// with a certificate, in the database encrypted by it (every node shares it); without one, in an owner-only key
/// folder encrypted by a certificate generated there, so a copy of the database alone opens nothing.
/// </summary>
public static class KeyRingRegistration
{
    public const string ApplicationName = "AiGateway.Dashboard";

    public static IHostApplicationBuilder AddKeyRing<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext, IDataProtectionKeyContext
    {
        var options = builder.Configuration.GetSection(DataProtectionOptions.Section).Get<DataProtectionOptions>() ?? new DataProtectionOptions();
        var contentRoot = builder.Environment.ContentRootPath;
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        KeyRingLocation location;
        if (options.HasCertificate)
        {
            var certificate = KeyRingCertificates.LoadConfigured(options.Certificate, contentRoot);
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new EncryptedOnlyXmlRepository(new EntityFrameworkCoreXmlRepository<TContext>(services, services.GetRequiredService<ILoggerFactory>()))));
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
            location = new KeyRingLocation($"the database, encrypted with the certificate {certificate.Thumbprint}", EncryptedAtRest: true);
        }
        else if (!options.StoresKeysUnprotected)
        {
            var folder = Path.GetFullPath(options.KeyFolder!, contentRoot);
            var certificate = KeyRingCertificates.LoadOrCreateInFolder(folder, TimeProvider.System);
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(folder))
                .ProtectKeysWithCertificate(certificate)
                .UnprotectKeysWithAnyCertificate(certificate);
            location = new KeyRingLocation($"{folder}, encrypted with the certificate generated there", EncryptedAtRest: true);
        }
        else
        {
            // Only reachable in Development: the configuration validator refuses it anywhere else.
            dataProtection.PersistKeysToDbContext<TContext>();
            location = new KeyRingLocation("the database, NOT encrypted (set DataProtection:KeyFolder or DataProtection:Certificate:Path)", EncryptedAtRest: false);
        }
        builder.Services.AddSingleton(location);
        builder.Services.AddSingleton<KeyRingMigration>();
        return builder;
    }
}
