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
    public void Cloud_kinds_are_declared_by_their_short_names_with_their_own_settings() =>
        Should.NotThrow(() => Validate("Development",
            ("Providers:Connections:0:Name", "Azure EU"), ("Providers:Connections:0:Kind", "AzureOpenAI"),
            ("Providers:Connections:0:Settings:TenantId", "11111111-2222-3333-4444-555555555555"), ("Providers:Connections:0:Settings:ClientId", "66666666-7777-8888-9999-000000000000"),
            ("Providers:Connections:0:Settings:Scope", "subscriptions/00000000-0000-0000-0000-000000000000"),
            ("Providers:Connections:1:Name", "AWS"), ("Providers:Connections:1:Kind", "Bedrock"),
            ("Providers:Connections:1:Settings:AccessKeyId", "AKIAIOSFODNN7EXAMPLE"), ("Providers:Connections:1:Settings:TagKeys", "team,iamPrincipal/team")));

    [Theory]
    [InlineData("AzureOpenAI", "TenantId", "contoso", "Tenant id 'contoso' is not a GUID")]
    [InlineData("Bedrock", "Region", "Frankfurt", "Region 'Frankfurt' is not an AWS region")]
    public void A_bad_cloud_setting_names_the_connection_and_says_what_is_wrong(string kind, string key, string value, string expected)
    {
        var settings = new List<(string, string)>
        {
            ("Providers:Connections:0:Name", "cloud"), ("Providers:Connections:0:Kind", kind),
            ("Providers:Connections:0:Settings:TenantId", "11111111-2222-3333-4444-555555555555"), ("Providers:Connections:0:Settings:ClientId", "66666666-7777-8888-9999-000000000000"),
            ("Providers:Connections:0:Settings:Scope", "subscriptions/00000000-0000-0000-0000-000000000000"), ("Providers:Connections:0:Settings:AccessKeyId", "AKIAIOSFODNN7EXAMPLE"),
        };
        settings.RemoveAll(s => s.Item1.EndsWith(":" + key, StringComparison.Ordinal));
        settings.Add(($"Providers:Connections:0:Settings:{key}", value));
        var refused = Refused("Development", [.. settings]);
        refused.Key.ShouldBe("Providers:Connections:0:Settings");
        refused.Message.ShouldContain(expected);
    }

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
