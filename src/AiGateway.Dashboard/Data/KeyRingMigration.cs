using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// Moves a database whose key ring was kept in clear (earlier versions) onto the encrypted one: each connection
/// secret is decrypted with the old keys and encrypted with the new ring, then the old keys are deleted. Safe to
/// repeat: a secret the new ring already opens is left alone, and old keys go only after the secrets are saved.
/// </summary>
public sealed class KeyRingMigration(
    IDbContextFactory<DashboardDbContext> dbFactory,
    IDataProtectionProvider provider,
    KeyRingLocation location,
    ILogger<KeyRingMigration> log)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!location.EncryptedAtRest) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clearKeys = (await db.DataProtectionKeys.ToListAsync(cancellationToken))
            .Where(k => k.Xml is not null && KeyRingXml.HoldsKeyInClear(k.Xml))
            .ToList();
        if (clearKeys.Count == 0) return;

        var current = new SecretProtector(provider);
        using var legacyServices = LegacyServices(clearKeys.Select(k => XElement.Parse(k.Xml!)).ToList());
        var legacy = new SecretProtector(legacyServices.GetRequiredService<IDataProtectionProvider>());
        var moved = 0;
        var unreadable = 0;
        foreach (var connection in await db.Connections.Where(c => c.EncryptedSecret != null).ToListAsync(cancellationToken))
        {
            if (current.CanUnprotect(connection.EncryptedSecret!)) continue;
            try
            {
                connection.EncryptedSecret = current.Protect(legacy.Unprotect(connection.EncryptedSecret!));
                moved++;
            }
            catch (CryptographicException)
            {
                unreadable++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (unreadable > 0)
        {
            // Keep the old keys: deleting them would lose what they still protect.
            log.LogError("{Count} connection secret(s) open with neither the old nor the new key ring; the old keys are kept. Enter those secrets again.", unreadable);
            return;
        }
        db.DataProtectionKeys.RemoveRange(clearKeys);
        await db.SaveChangesAsync(cancellationToken);
        log.LogWarning("Moved {Secrets} connection secret(s) to the encrypted key ring ({Where}) and deleted {Keys} key(s) stored in clear; people sign in again",
            moved, location.Description, clearKeys.Count);
    }

    private static ServiceProvider LegacyServices(IReadOnlyCollection<XElement> keys)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName(KeyRingRegistration.ApplicationName).DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new FixedXmlRepository(keys));
        return services.BuildServiceProvider();
    }

    private sealed class FixedXmlRepository(IReadOnlyCollection<XElement> elements) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => elements;

        public void StoreElement(XElement element, string friendlyName) =>
            throw new InvalidOperationException("The old key ring is read-only.");
    }
}
