using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.IntegrationTests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>The real host refuses to start on invalid configuration, naming the key.</summary>
public class StartupTests
{
    [Theory]
    [InlineData("Database:Provider", "Oracle", "Database:Provider")]
    [InlineData("Database:Provider", "SqlServer", "ConnectionStrings:Dashboard")]
    [InlineData("Auth:Mode", "Entra", "AzureAd:ClientId")]
    [InlineData("Reporting:Currency", "dollars", "Reporting:Currency")]
    [InlineData("Providers:Connections:0:Schedule", "every hour", "Providers:Connections:0:Schedule")]
    public async Task Invalid_configuration_stops_the_app_naming_the_key(string key, string value, string named)
    {
        var overrides = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Providers", StringComparison.Ordinal))
        {
            overrides["Providers:Connections:0:Name"] = "OpenAI prod";
            overrides["Providers:Connections:0:Kind"] = "OpenAI";
        }
        if (value == "SqlServer") overrides["ConnectionStrings:Dashboard"] = "";
        if (value == "Entra") overrides["AzureAd:TenantId"] = "contoso.onmicrosoft.com";
        await using var factory = new DashboardFactory(overrides);

        var error = Should.Throw<DashboardConfigurationException>(() => factory.StartServer());

        error.Key.ShouldBe(named);
        error.Message.ShouldContain(named);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Demo_sign_in_refuses_to_start_outside_development(string environment)
    {
        await using var factory = new DashboardFactory { EnvironmentName = environment };
        var error = Should.Throw<DashboardConfigurationException>(() => factory.StartServer());
        error.Key.ShouldBe("Auth:Mode");
        error.Message.ShouldContain(environment);
    }

    [Fact]
    public async Task An_unencrypted_key_ring_refuses_to_start_outside_development()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?>
        {
            ["DataProtection:KeyFolder"] = "",
            ["Auth:Mode"] = "Entra",
            ["AzureAd:TenantId"] = "contoso.onmicrosoft.com",
            ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000001",
        }) { EnvironmentName = "Staging" };
        var error = Should.Throw<DashboardConfigurationException>(() => factory.StartServer());
        error.Key.ShouldBe("DataProtection:Certificate:Path");
        error.Message.ShouldContain("unencrypted");
    }

    [Fact]
    public async Task A_declared_connection_is_upserted_at_start_with_its_secret_encrypted()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            ["Providers:Connections:0:Name"] = "OpenAI prod",
            ["Providers:Connections:0:Kind"] = "OpenAI",
            ["Providers:Connections:0:Secret"] = "sk-admin-abcdefgh1234",
            ["Providers:Connections:0:Schedule"] = "0 */6 * * *",
        });
        using var client = factory.CreateRealClient();
        var health = await client.GetStringAsync("health", TestContext.Current.CancellationToken);
        health.ShouldContain("OpenAI prod");
        health.ShouldNotContain("sk-admin");

        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AiGateway.Dashboard.Data.DashboardDbContext>>(factory.Services);
        await using var context = await db.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var connection = context.Connections.Single();
        connection.ManagedByConfiguration.ShouldBeTrue();
        connection.Schedule.ShouldBe("0 */6 * * *");
        connection.SecretHint.ShouldBe("…1234");
        connection.EncryptedSecret.ShouldNotBeNull().ShouldNotContain("abcdefgh");
    }
}
