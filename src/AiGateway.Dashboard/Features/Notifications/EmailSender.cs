using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AiGateway.Dashboard.Features.Notifications;

/// <summary>Sends one delivery as an e-mail over SMTP (MailKit), with a plain-text and an HTML part.</summary>
public sealed class EmailSender(IOptionsMonitor<NotificationsOptions> options)
{
    public async Task SendAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var (smtp, security) = Settings();

        var link = NotificationLinks.Absolute(o.BaseUrl, delivery.Link);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(delivery.Target));
        message.Subject = delivery.Title;
        message.Headers.Add("X-AiGateway-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var builder = new BodyBuilder
        {
            TextBody = link is null ? delivery.Body : $"{delivery.Body}\n\nOpen in the dashboard: {link}\n",
            HtmlBody = $"<p>{System.Net.WebUtility.HtmlEncode(delivery.Body)}</p>"
                + (link is null ? "" : $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">Open in the dashboard</a></p>"),
        };
        message.Body = builder.ToMessageBody();

        await DeliverAsync(smtp, security, message, cancellationToken);
    }

    /// <summary>Sends one message with an attachment to several recipients (the month-end workbook to the finance list).</summary>
    public async Task SendAttachmentAsync(IReadOnlyList<string> to, string subject, string body, string fileName, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var (smtp, security) = Settings();
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var address in to) message.To.Add(MailboxAddress.Parse(address));
        message.Subject = subject;
        var builder = new BodyBuilder { TextBody = body };
        builder.Attachments.Add(fileName, content, ContentType.Parse(contentType));
        message.Body = builder.ToMessageBody();
        await DeliverAsync(smtp, security, message, cancellationToken);
    }

    private (SmtpOptions Smtp, SecureSocketOptions Security) Settings()
    {
        var smtp = options.CurrentValue.Smtp;
        if (!smtp.Enabled) throw new InvalidOperationException("E-mail is not configured (Notifications:Smtp:Host).");
        if (!Enum.TryParse<SecureSocketOptions>(smtp.Security, true, out var security))
            throw new InvalidOperationException($"Notifications:Smtp:Security '{smtp.Security}' is not one of None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect.");
        return (smtp, security);
    }

    private static async Task DeliverAsync(SmtpOptions smtp, SecureSocketOptions security, MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
