using AiGateway.Dashboard.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Dashboard.Tests.Configuration;

public class ConfigurationValidatorTests
{
    private static void Validate(string environment, params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value))
            .Build();
        ConfigurationValidator.Validate(config, new Environment(environment));
    }

    private static DashboardConfigurationException Refused(string environment, params (string, string)[] settings) =>
        Should.Throw<DashboardConfigurationException>(() => Validate(environment, settings));

    [Fact]
    public void The_defaults_are_valid() => Should.NotThrow(() => Validate("Development"));

    [Fact]
    public void An_unknown_database_provider_names_the_key() =>
        Refused("Development", ("Database:Provider", "Oracle")).Message.ShouldContain("Database:Provider");

    [Fact]
    public void SQL_Server_without_a_connection_string_names_the_key() =>
        Refused("Development", ("Database:Provider", "SqlServer")).Key.ShouldBe("ConnectionStrings:Dashboard");

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Test")]
    public void Demo_sign_in_is_refused_outside_development(string environment) =>
        Refused(environment).Key.ShouldBe("Auth:Mode");

    private static readonly (string, string)[] Entra = [("Auth:Mode", "Entra"), ("AzureAd:TenantId", "t"), ("AzureAd:ClientId", "c")];

    [Fact]
    public void A_key_ring_kept_unencrypted_in_the_database_is_refused_outside_development() =>
        Refused("Production", [.. Entra, ("DataProtection:KeyFolder", "")]).Key.ShouldBe("DataProtection:Certificate:Path");

    [Fact]
    public void A_key_ring_kept_unencrypted_in_the_database_is_allowed_in_development() =>
        Should.NotThrow(() => Validate("Development", ("DataProtection:KeyFolder", "")));

    [Fact]
    public void A_key_ring_with_a_certificate_may_live_in_the_database_in_production() =>
        Should.NotThrow(() => Validate("Production", [.. Entra, ("DataProtection:KeyFolder", ""), ("DataProtection:Certificate:Path", "keyring.pfx")]));

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.internal")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    public void A_trusted_proxy_that_is_not_an_address_or_network_names_the_key(string key, string value) =>
        Refused("Development", (key, value)).Key.ShouldBe(key);

    [Fact]
    public void A_certificate_file_and_a_thumbprint_together_are_refused() =>
        Refused("Development", ("DataProtection:Certificate:Path", "a.pfx"), ("DataProtection:Certificate:Thumbprint", "AB")).Key.ShouldBe("DataProtection:Certificate:Thumbprint");

    [Fact]
    public void Entra_without_a_client_id_names_the_key() =>
        Refused("Production", ("Auth:Mode", "Entra"), ("AzureAd:TenantId", "t")).Key.ShouldBe("AzureAd:ClientId");

    [Fact]
    public void Entra_with_its_settings_is_valid_in_production() =>
        Should.NotThrow(() => Validate("Production", ("Auth:Mode", "Entra"), ("AzureAd:TenantId", "t"), ("AzureAd:ClientId", "c")));

    [Fact]
    public void An_unparsable_cron_names_the_connection_and_key() =>
        Refused("Development", ("Providers:Connections:0:Name", "OpenAI prod"), ("Providers:Connections:0:Kind", "OpenAI"), ("Providers:Connections:0:Schedule", "every hour"))
            .Key.ShouldBe("Providers:Connections:0:Schedule");

    [Fact]
    public void An_unknown_provider_kind_names_the_key() =>
        Refused("Development", ("Providers:Connections:0:Name", "x"), ("Providers:Connections:0:Kind", "Watson")).Key.ShouldBe("Providers:Connections:0:Kind");

    [Fact]
    public void An_api_key_hash_that_is_not_sha256_hex_names_the_key() =>
        Refused("Development", ("Api:Keys:0:Name", "bi"), ("Api:Keys:0:Sha256", "not-a-hash")).Key.ShouldBe("Api:Keys:0:Sha256");

    [Theory]
    [InlineData("Jobs:Role", "Everything")]
    [InlineData("Reporting:FiscalYearStartMonth", "13")]
    [InlineData("Auth:Mode", "Ldap")]
    public void Other_invalid_values_name_their_key(string key, string value) => Refused("Development", (key, value)).Key.ShouldBe(key);

    [Theory]
    [InlineData("0 * * * *", true)]
    [InlineData("*/15 * * * *", true)]
    [InlineData("0 0 2 * * *", true)]
    [InlineData("61 * * * *", false)]
    [InlineData("hourly", false)]
    public void Cron_expressions_are_checked(string cron, bool valid) => ConfigurationValidator.IsValidCron(cron).ShouldBe(valid);

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "AiGateway.Dashboard";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
