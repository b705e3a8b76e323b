namespace AiGateway.Dashboard.Configuration;

public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>Who receives alerts of budgets that notify Finance (the finance distribution list).</summary>
    public List<string> FinanceRecipients { get; set; } = [];

    /// <summary>Who receives the platform's own alerts (models without a price, untracked spend), with the Finance recipients for money ones.</summary>
    public List<string> AdminRecipients { get; set; } = [];

    /// <summary>The dashboard's public address, for links in e-mails and webhooks (e.g. https://ai-spend.contoso.com).</summary>
    public string? BaseUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public List<WebhookChannelOptions> Webhooks { get; set; } = [];

    /// <summary>Attempts per delivery before it is marked failed (an Admin can retry it).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry; doubles on each further attempt, capped at an hour.</summary>
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>How often the dispatcher looks for due deliveries besides being woken by new ones.</summary>
    public int DispatchIntervalSeconds { get; set; } = 15;
}

public sealed class SmtpOptions
{
    /// <summary>No host: e-mail is off (in-app and webhooks still work).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "AiGateway Dashboard <ai-spend@localhost>";
    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

public enum WebhookKind
{
    Generic = 0,
    Teams = 1,
    Slack = 2,
}

public sealed class WebhookChannelOptions
{
    public string Name { get; set; } = "";
    public WebhookKind Kind { get; set; }
    public string Url { get; set; } = "";
    /// <summary>Signs each payload (HMAC-SHA256 over "timestamp.body"); required for generic channels.</summary>
    public string? Secret { get; set; }
    public int TimeoutSeconds { get; set; } = 10;
}
