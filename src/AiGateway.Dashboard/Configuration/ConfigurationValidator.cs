using AiGateway.Dashboard.Domain;
using Cronos;

namespace AiGateway.Dashboard.Configuration;

/// <summary>Checks the settings that would otherwise fail late or silently, before anything is wired.</summary>
public static class ConfigurationValidator
{
    public static void Validate(IConfiguration config, IHostEnvironment environment)
    {
        var provider = config[$"{DatabaseOptions.Section}:Provider"] ?? DatabaseOptions.Sqlite;
        string[] providers = [DatabaseOptions.Sqlite, DatabaseOptions.SqlServer, DatabaseOptions.PostgreSql];
        if (!providers.Contains(provider, StringComparer.OrdinalIgnoreCase))
        {
            throw new DashboardConfigurationException("Database:Provider", $"'{provider}' is not a known database provider; use Sqlite, SqlServer or PostgreSql.");
        }
        if (!provider.Equals(DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(config.GetConnectionString("Dashboard")))
        {
            var server = provider.Equals(DatabaseOptions.SqlServer, StringComparison.OrdinalIgnoreCase) ? "SQL Server" : "PostgreSQL";
            throw new DashboardConfigurationException("ConnectionStrings:Dashboard", $"{server} needs a connection string.");
        }

        var mode = config[$"{AuthOptions.Section}:Mode"] ?? AuthOptions.Demo;
        if (mode.Equals(AuthOptions.Demo, StringComparison.OrdinalIgnoreCase))
        {
            // Anyone may pick the Admin persona: only on a developer's machine.
            if (!environment.IsDevelopment())
            {
                throw new DashboardConfigurationException("Auth:Mode", $"demo sign-in works only in the Development environment (this is '{environment.EnvironmentName}'); set Auth:Mode to Entra.");
            }
        }
        else if (mode.Equals(AuthOptions.Entra, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(config["AzureAd:ClientId"]))
            {
                throw new DashboardConfigurationException("AzureAd:ClientId", "Entra sign-in needs the application (client) id.");
            }
            if (string.IsNullOrWhiteSpace(config["AzureAd:TenantId"]))
            {
                throw new DashboardConfigurationException("AzureAd:TenantId", "Entra sign-in needs the tenant id.");
            }
        }
        else
        {
            throw new DashboardConfigurationException("Auth:Mode", $"'{mode}' is not a known mode; use Demo or Entra.");
        }

        var keyRing = config.GetSection(DataProtectionOptions.Section).Get<DataProtectionOptions>() ?? new DataProtectionOptions();
        if (keyRing.StoresKeysUnprotected && !environment.IsDevelopment())
        {
            throw new DashboardConfigurationException("DataProtection:Certificate:Path",
                "the key ring would be stored in the database unencrypted; set DataProtection:Certificate:Path (or :Thumbprint), or a DataProtection:KeyFolder.");
        }
        if (!string.IsNullOrWhiteSpace(keyRing.Certificate.Path) && !string.IsNullOrWhiteSpace(keyRing.Certificate.Thumbprint))
        {
            throw new DashboardConfigurationException("DataProtection:Certificate:Thumbprint", "set either a certificate file (Path) or a thumbprint, not both.");
        }

        var proxy = config.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        for (var i = 0; i < proxy.KnownProxies.Count; i++)
        {
            if (!System.Net.IPAddress.TryParse(proxy.KnownProxies[i], out _))
                throw new DashboardConfigurationException($"ForwardedHeaders:KnownProxies:{i}", $"'{proxy.KnownProxies[i]}' is not an IP address.");
        }
        for (var i = 0; i < proxy.KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(proxy.KnownNetworks[i], out _))
                throw new DashboardConfigurationException($"ForwardedHeaders:KnownNetworks:{i}", $"'{proxy.KnownNetworks[i]}' is not a network in CIDR notation (e.g. 10.0.0.0/24).");
        }

        var role = config[$"{JobsOptions.Section}:Role"] ?? "All";
        if (role is not ("All" or "Web" or "Worker"))
        {
            throw new DashboardConfigurationException("Jobs:Role", $"'{role}' is not a known role; use All, Web or Worker.");
        }

        var fiscal = config[$"{ReportingOptions.Section}:FiscalYearStartMonth"];
        if (fiscal is not null && (!int.TryParse(fiscal, out var month) || month is < 1 or > 12))
        {
            throw new DashboardConfigurationException("Reporting:FiscalYearStartMonth", $"'{fiscal}' is not a month number from 1 to 12.");
        }

        ValidateNotifications(config);
        var books = config.GetSection(BooksOptions.Section).Get<BooksOptions>() ?? new BooksOptions();
        if (books.CloseFromDay is < 1 or > 28)
            throw new DashboardConfigurationException("Books:CloseFromDay", $"'{books.CloseFromDay}' is not a day from 1 to 28.");
        if (string.IsNullOrWhiteSpace(books.GlAccount) || books.GlAccount.Length > 50)
            throw new DashboardConfigurationException("Books:GlAccount", "Give the general-ledger account (1 to 50 characters).");
        foreach (var (glProvider, account) in books.GlAccounts)
        {
            if (!Enum.TryParse<Domain.ProviderKind>(glProvider, ignoreCase: true, out _) || int.TryParse(glProvider, out _))
                throw new DashboardConfigurationException($"Books:GlAccounts:{glProvider}", $"'{glProvider}' is not a provider; use one of {string.Join(", ", Enum.GetNames<Domain.ProviderKind>())}.");
            if (string.IsNullOrWhiteSpace(account) || account.Length > 50)
                throw new DashboardConfigurationException($"Books:GlAccounts:{glProvider}", "Give the general-ledger account (1 to 50 characters).");
        }
        var usage = config.GetSection(UsageOptions.Section).Get<UsageOptions>() ?? new UsageOptions();
        if (usage.MaxBatchEvents is < 1 or > 100_000)
            throw new DashboardConfigurationException("Usage:MaxBatchEvents", $"'{usage.MaxBatchEvents}' is not from 1 to 100,000.");
        if (usage.MaxRequestBytes is < 1_024 or > 100 * 1024 * 1024)
            throw new DashboardConfigurationException("Usage:MaxRequestBytes", $"'{usage.MaxRequestBytes}' is not from 1,024 to 104,857,600 bytes.");
        if (usage.MaxAgeDays is < 1 or > 400)
            throw new DashboardConfigurationException("Usage:MaxAgeDays", $"'{usage.MaxAgeDays}' is not from 1 to 400 days.");
        if (usage.DedupDays < usage.MaxAgeDays)
            throw new DashboardConfigurationException("Usage:DedupDays", $"Keep event ids at least as long as events are accepted (Usage:MaxAgeDays = {usage.MaxAgeDays}).");
        var reconciliation = config.GetSection(ReconciliationOptions.Section).Get<ReconciliationOptions>() ?? new ReconciliationOptions();
        if (reconciliation.TolerancePercent is < 0 or > 100)
            throw new DashboardConfigurationException("Reconciliation:TolerancePercent", $"'{reconciliation.TolerancePercent}' is not a percentage from 0 to 100.");
        if (reconciliation.UntrackedAlertAmount is < 0 or > 1_000_000_000)
            throw new DashboardConfigurationException("Reconciliation:UntrackedAlertAmount", $"'{reconciliation.UntrackedAlertAmount}' is not an amount (in the reporting currency) from 0 to 1,000,000,000.");
        if (string.IsNullOrWhiteSpace(books.UnallocatedTo))
            throw new DashboardConfigurationException("Books:UnallocatedTo", "Use an org unit code or 'proportional'.");
        if (config[$"{FxOptions.Section}:Schedule"] is { } fxCron && !IsValidCron(fxCron))
            throw new DashboardConfigurationException("Fx:Schedule", $"'{fxCron}' is not a valid cron expression.");
        if (config[$"{FxOptions.Section}:FeedUrl"] is { Length: > 0 } feed && !Uri.TryCreate(feed, UriKind.Absolute, out _))
            throw new DashboardConfigurationException("Fx:FeedUrl", $"'{feed}' is not an absolute URL.");
        if (config[$"{ReportingOptions.Section}:Currency"] is { } reportingCurrency && ReportingCurrency.Problem(reportingCurrency) is { } currencyProblem)
            throw new DashboardConfigurationException("Reporting:Currency", currencyProblem);
        if (config[$"{ReportsOptions.Section}:Schedule"] is { } reportCron && !IsValidCron(reportCron))
            throw new DashboardConfigurationException("Reports:Schedule", $"'{reportCron}' is not a valid cron expression.");

        var connections = config.GetSection($"{ProvidersOptions.Section}:Connections").GetChildren().ToList();
        foreach (var c in connections)
        {
            var key = $"Providers:Connections:{c.Key}";
            if (string.IsNullOrWhiteSpace(c["Name"]))
            {
                throw new DashboardConfigurationException($"{key}:Name", "a declared connection needs a name.");
            }
            if (!ProviderKinds.TryParse(c["Kind"], out var kind))
            {
                throw new DashboardConfigurationException($"{key}:Kind", $"'{c["Kind"]}' is not a known provider kind ({string.Join(", ", Enum.GetNames<ProviderKind>())}).");
            }
            if (c["Schedule"] is { } cron && !IsValidCron(cron))
            {
                throw new DashboardConfigurationException($"{key}:Schedule", $"'{cron}' is not a valid cron expression.");
            }
            if (c["BaseUrl"] is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                throw new DashboardConfigurationException($"{key}:BaseUrl", $"'{url}' is not an absolute URL.");
            }
            if (kind == ProviderKind.AzureOpenAI)
            {
                var azure = new Providers.Azure.AzureSettings(c["Settings:TenantId"] ?? "", c["Settings:ClientId"] ?? "", c["Settings:Scope"] ?? "", c["Settings:AuthorityHost"], c["Settings:CostType"],
                    string.Equals(c["Settings:ManagedIdentity"], "true", StringComparison.OrdinalIgnoreCase), c["Settings:IdentityEndpoint"]);
                if (azure.Problem() is { } problem) throw new DashboardConfigurationException($"{key}:Settings", problem);
            }
            if (kind == ProviderKind.GoogleVertex)
            {
                var vertex = new Providers.Vertex.VertexSettings(c["Settings:Project"] ?? "", c["Settings:Dataset"] ?? "", c["Settings:Table"] ?? "", c["Settings:Location"], null, c["Settings:LabelKey"]);
                if (vertex.Problem() is { } problem) throw new DashboardConfigurationException($"{key}:Settings", problem);
            }
            if (kind == ProviderKind.AwsBedrock)
            {
                var bedrock = new Providers.Aws.BedrockSettings(c["Settings:AccessKeyId"] ?? "", c["Settings:Region"], c["Settings:TagKeys"], c["Settings:LinkedAccounts"],
                    RoleArn: c["Settings:RoleArn"], StsEndpoint: c["Settings:StsEndpoint"]);
                if (bedrock.Problem() is { } problem) throw new DashboardConfigurationException($"{key}:Settings", problem);
            }
        }

        var keys = config.GetSection($"{ApiOptions.Section}:Keys").GetChildren().ToList();
        foreach (var k in keys)
        {
            var hash = k["Sha256"] ?? "";
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            {
                throw new DashboardConfigurationException($"Api:Keys:{k.Key}:Sha256", "must be the 64-character hex SHA-256 of the key.");
            }
        }
    }

    /// <summary>A cron of five fields, or six with seconds (as Hangfire takes them).</summary>
    public static CronExpression ParseCron(string expression) =>
        CronExpression.Parse(expression, expression.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    public static bool IsValidCron(string expression)
    {
        try
        {
            ParseCron(expression);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    private static void ValidateNotifications(IConfiguration config)
    {
        var section = config.GetSection(NotificationsOptions.Section);
        var options = section.Get<NotificationsOptions>() ?? new NotificationsOptions();
        if (!string.IsNullOrWhiteSpace(options.BaseUrl) && !Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
            throw new DashboardConfigurationException("Notifications:BaseUrl", $"'{options.BaseUrl}' is not an absolute address.");
        if (options.Smtp.Enabled && !Enum.TryParse<MailKit.Security.SecureSocketOptions>(options.Smtp.Security, true, out _))
            throw new DashboardConfigurationException("Notifications:Smtp:Security", $"'{options.Smtp.Security}' is not one of None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect.");
        if (options.Smtp.Enabled && !MimeKit.MailboxAddress.TryParse(options.Smtp.From, out _))
            throw new DashboardConfigurationException("Notifications:Smtp:From", $"'{options.Smtp.From}' is not an e-mail address.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var w = options.Webhooks[i];
            var key = $"Notifications:Webhooks:{i}";
            if (string.IsNullOrWhiteSpace(w.Name) || w.Name == "email" || !names.Add(w.Name))
                throw new DashboardConfigurationException($"{key}:Name", "Each webhook channel needs its own name (not 'email').");
            if (!Uri.TryCreate(w.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                throw new DashboardConfigurationException($"{key}:Url", $"The webhook channel '{w.Name}' needs an absolute http(s) address.");
            if (w.Kind == WebhookKind.Generic && string.IsNullOrEmpty(w.Secret))
                throw new DashboardConfigurationException($"{key}:Secret", $"The generic webhook channel '{w.Name}' needs a secret to sign its payloads.");
        }
        if (options.MaxAttempts < 1) throw new DashboardConfigurationException("Notifications:MaxAttempts", "Use at least 1.");
    }
}
