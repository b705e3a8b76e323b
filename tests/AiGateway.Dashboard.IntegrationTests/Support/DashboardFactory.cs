using AiGateway.Dashboard.Data;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using AiGateway.Dashboard.Tests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>
/// The real host on Kestrel (loopback, random port) over a temporary SQLite file — or, when <see cref="PostgreSqlServer"/>
/// names a server (the suite's PostgreSQL pass), a database of its own there — with the demo seed on and the job
/// server off, so that a test decides when syncs run.
/// </summary>
public class DashboardFactory : WebApplicationFactory<Program>
{
    public const string SpendKey = "test-spend-key-0123456789";
    public const string UsageKey = "test-usage-key-0123456789";
    public const string AdminKey = "test-admin-key-0123456789";
    public const string CheckKey = "test-check-key-0123456789";
    public const string BudgetsKey = "test-budgets-key-0123456789";
    public const string BooksKey = "test-books-key-0123456789";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"aigw-it-{Guid.NewGuid():N}.db");
    private readonly string _keyFolder = Path.Combine(Path.GetTempPath(), $"aigw-it-keys-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string?> _settings;

    /// <summary>
    /// The PostgreSQL server of the suite's second pass (<c>AIGW_TEST_POSTGRES</c>, a connection string without a database),
    /// or null for SQLite. test.sh starts a throwaway cluster and runs the integration suite once on each.
    /// </summary>
    public static string? PostgreSqlServer { get; } = Environment.GetEnvironmentVariable("AIGW_TEST_POSTGRES") is { Length: > 0 } server ? server : null;

    private readonly string? _ownDatabase;

    public DashboardFactory(IDictionary<string, string?>? overrides = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Dashboard"] = $"Data Source={_databasePath}",
            ["Database:Provider"] = "Sqlite",
            ["DataProtection:KeyFolder"] = _keyFolder,
            ["Jobs:Enabled"] = "false",
            ["Demo:Seed"] = "true",
            ["Demo:Gateway"] = "false",
            ["Auth:Mode"] = "Demo",
            ["Notifications:FinanceRecipients:0"] = "fay.finance@demo.local",
            ["Api:Keys:0:Name"] = "bi-reader",
            ["Api:Keys:0:Sha256"] = Sha256(SpendKey),
            ["Api:Keys:0:Scopes:0"] = "spend:read",
            ["Api:Keys:1:Name"] = "gateway",
            ["Api:Keys:1:Sha256"] = Sha256(UsageKey),
            ["Api:Keys:1:Scopes:0"] = "usage:write",
            ["Api:Keys:2:Name"] = "automation",
            ["Api:Keys:2:Sha256"] = Sha256(AdminKey),
            ["Api:Keys:2:Scopes:0"] = "admin",
            ["Api:Keys:3:Name"] = "gateway-check",
            ["Api:Keys:3:Sha256"] = Sha256(CheckKey),
            ["Api:Keys:3:Scopes:0"] = "budgets:check",
            ["Api:Keys:4:Name"] = "budget-planner",
            ["Api:Keys:4:Sha256"] = Sha256(BudgetsKey),
            ["Api:Keys:4:Scopes:0"] = "budgets:write",
            ["Api:Keys:5:Name"] = "close-automation",
            ["Api:Keys:5:Sha256"] = Sha256(BooksKey),
            ["Api:Keys:5:Scopes:0"] = "books:close",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) _settings[key] = value;
        if (PostgreSqlServer is { } server && overrides?.ContainsKey("Database:Provider") != true
            && _settings["ConnectionStrings:Dashboard"] is { } sqlite && sqlite.StartsWith("Data Source=", StringComparison.Ordinal))
        {
            // A file path names a database: two hosts a test starts on one file share one PostgreSQL database.
            var name = "aigw_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sqlite)))[..20].ToLowerInvariant();
            _settings["Database:Provider"] = "PostgreSql";
            _settings["ConnectionStrings:Dashboard"] = $"{server};Database={name}";
            if (sqlite == $"Data Source={_databasePath}") _ownDatabase = name;
        }
        UseKestrel(0);
    }

    /// <summary>Every log line of the host, at every level, when <see cref="CaptureLogs"/> is on.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public bool CaptureLogs { get; init; }

    /// <summary>The app's clock: the machine's unless a test moves it (<see cref="ShiftedTimeProvider"/>).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Today (UTC) by the app's clock: expectations about "this month" are computed from it.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    /// <summary>The host environment; demo sign-in and an unencrypted key ring start only in Development.</summary>
    public string EnvironmentName { get; init; } = "Development";

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/");
        }
    }

    /// <summary>The database file and the key folder this host uses (a copy of one without the other opens nothing).</summary>
    public string DatabasePath => _settings["ConnectionStrings:Dashboard"]!["Data Source=".Length..];

    public string? KeyFolder => _settings["DataProtection:KeyFolder"];

    public static string Sha256(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(CaptureLogs ? LogLevel.Trace : LogLevel.Warning);
            if (CaptureLogs) logging.AddProvider(Logs);
        });
        // Open browser circuits would otherwise hold the shutdown for the default 30 seconds.
        builder.ConfigureServices(services =>
        {
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            services.AddSingleton(Clock);
        });
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>Drops a database of the PostgreSQL server, whoever is still connected to it.</summary>
    public static Task DropAsync(string database) => PostgreSqlDatabase.DropAsync($"{PostgreSqlServer};Database={database}");

    /// <summary>A plain HTTP client against the real server (not the in-memory test server).</summary>
    public HttpClient CreateRealClient(string? apiKey = null, bool allowRedirects = true)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = allowRedirects, UseCookies = true }) { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownDatabase is not null) await DropAsync(_ownDatabase);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(_databasePath + suffix); } catch (IOException) { }
        }
        try { Directory.Delete(_keyFolder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
