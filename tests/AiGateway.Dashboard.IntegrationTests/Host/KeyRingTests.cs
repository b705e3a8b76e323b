using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>The key ring is encrypted at rest: a copy of the database alone opens no secret and signs in no one.</summary>
[Trait("Database", "SqliteFile")] // copies and opens the database file itself
public class KeyRingTests
{
    private const string Secret = "sk-admin-copied-database-0001";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_embedded_key_folder_holds_only_encrypted_keys_and_is_owner_only()
    {
        await using var factory = new DashboardFactory();
        await StoreSecretAsync(factory);

        var folder = factory.KeyFolder.ShouldNotBeNull();
        var keys = Directory.GetFiles(folder, "key-*.xml");
        keys.ShouldNotBeEmpty();
        foreach (var key in keys)
        {
            var xml = await File.ReadAllTextAsync(key, Ct);
            KeyRingXml.HoldsKeyInClear(xml).ShouldBeFalse(key);
            xml.ShouldContain("EncryptedData");
        }
        File.Exists(Path.Combine(folder, KeyRingCertificates.GeneratedFileName)).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(folder).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.GetUnixFileMode(Path.Combine(folder, KeyRingCertificates.GeneratedFileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await using var db = await Db(factory);
        (await db.DataProtectionKeys.CountAsync(Ct)).ShouldBe(0, "no key is kept in the database");
    }

    [Fact]
    public async Task A_copy_of_the_database_without_the_key_folder_opens_no_secret_and_validates_no_cookie()
    {
        await using var original = new DashboardFactory();
        var encrypted = await StoreSecretAsync(original);
        var cookies = new CookieContainer();
        using var person = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = original.BaseAddress };
        await SignIn.AsAsync(person, "admin");
        (await person.GetAsync("api/v1/budgets", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = cookies.GetCookies(original.BaseAddress)["aigw.auth"].ShouldNotBeNull().Value;

        var copy = await CopyDatabaseAsync(original);
        try
        {
            await using var elsewhere = new DashboardFactory(new Dictionary<string, string?> { ["ConnectionStrings:Dashboard"] = $"Data Source={copy}" });
            using var stolen = elsewhere.CreateRealClient();
            stolen.DefaultRequestHeaders.Add("Cookie", $"aigw.auth={cookie}");

            (await stolen.GetAsync("api/v1/budgets", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            var protector = elsewhere.Services.GetRequiredService<SecretProtector>();
            protector.CanUnprotect(encrypted).ShouldBeFalse();
            Should.Throw<CryptographicException>(() => protector.Unprotect(encrypted));
            // The original, with its key folder, still opens both.
            original.Services.GetRequiredService<SecretProtector>().Unprotect(encrypted).ShouldBe(Secret);
        }
        finally
        {
            DeleteDatabase(copy);
        }
    }

    [Fact]
    public async Task With_a_certificate_the_keys_stay_in_the_database_encrypted_and_open_only_with_that_certificate()
    {
        var folder = Directory.CreateTempSubdirectory("aigw-cert-").FullName;
        try
        {
            var pfx = WriteCertificate(folder, "keyring.pfx", "s3cret-pass");
            await using var withCertificate = new DashboardFactory(new Dictionary<string, string?>
            {
                ["DataProtection:Certificate:Path"] = pfx,
                ["DataProtection:Certificate:Password"] = "s3cret-pass",
            });
            var encrypted = await StoreSecretAsync(withCertificate);

            Directory.Exists(withCertificate.KeyFolder).ShouldBeFalse("with a certificate no key folder is made");
            await using (var db = await Db(withCertificate))
            {
                var rows = await db.DataProtectionKeys.ToListAsync(Ct);
                rows.ShouldNotBeEmpty();
                rows.ShouldAllBe(r => !KeyRingXml.HoldsKeyInClear(r.Xml!) && r.Xml!.Contains("EncryptedData"));
            }

            var copy = await CopyDatabaseAsync(withCertificate);
            try
            {
                var other = WriteCertificate(folder, "other.pfx", "other-pass");
                await using var otherCertificate = new DashboardFactory(new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Dashboard"] = $"Data Source={copy}",
                    ["DataProtection:Certificate:Path"] = other,
                    ["DataProtection:Certificate:Password"] = "other-pass",
                });
                otherCertificate.Services.GetRequiredService<SecretProtector>().CanUnprotect(encrypted).ShouldBeFalse();
            }
            finally
            {
                DeleteDatabase(copy);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_database_from_before_the_encrypted_key_ring_keeps_its_secrets_and_loses_its_clear_keys()
    {
        string encrypted;
        string database;
        await using (var before = new DashboardFactory(new Dictionary<string, string?> { ["DataProtection:KeyFolder"] = "" }))
        {
            encrypted = await StoreSecretAsync(before);
            await using var db = await Db(before);
            (await db.DataProtectionKeys.ToListAsync(Ct)).ShouldContain(k => KeyRingXml.HoldsKeyInClear(k.Xml!), "the old behaviour: keys in clear");
            database = await CopyDatabaseAsync(before);
        }
        try
        {
            await using var after = new DashboardFactory(new Dictionary<string, string?> { ["ConnectionStrings:Dashboard"] = $"Data Source={database}" });
            _ = after.BaseAddress;
            await using var db = await Db(after);
            (await db.DataProtectionKeys.CountAsync(Ct)).ShouldBe(0);
            var connection = await db.Connections.SingleAsync(c => c.EncryptedSecret != null, Ct);
            connection.EncryptedSecret.ShouldNotBe(encrypted, "re-encrypted with the new key ring");
            after.Services.GetRequiredService<SecretProtector>().Unprotect(connection.EncryptedSecret!).ShouldBe(Secret);
        }
        finally
        {
            DeleteDatabase(database);
        }
    }

    private static async Task<DashboardDbContext> Db(DashboardFactory factory)
    {
        _ = factory.BaseAddress;
        return await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
    }

    /// <summary>Encrypts a secret with the host's key ring and stores it on the demo connection, as the Connections page does.</summary>
    private static async Task<string> StoreSecretAsync(DashboardFactory factory)
    {
        await using var db = await Db(factory);
        var encrypted = factory.Services.GetRequiredService<SecretProtector>().Protect(Secret);
        var connection = await db.Connections.OrderBy(c => c.Id).FirstAsync(Ct);
        connection.EncryptedSecret = encrypted;
        await db.SaveChangesAsync(Ct);
        return encrypted;
    }

    /// <summary>A consistent copy of the live file (what a backup or a stolen laptop holds), in another folder.</summary>
    private static async Task<string> CopyDatabaseAsync(DashboardFactory factory)
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("aigw-copy-").FullName, "dashboard.db");
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $path";
        command.Parameters.AddWithValue("$path", copy);
        await command.ExecuteNonQueryAsync(Ct);
        return copy;
    }

    private static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); } catch (IOException) { }
    }

    private static string WriteCertificate(string folder, string name, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AiGateway test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UnixEpoch.AddYears(50);
        using var certificate = request.CreateSelfSigned(now, now.AddYears(100));
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}
