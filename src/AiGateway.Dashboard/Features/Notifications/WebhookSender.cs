using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Notifications;

/// <summary>
/// Posts one delivery to a webhook channel: a Microsoft Teams Adaptive Card message (Workflows), a Slack message
/// with blocks, or our generic JSON. When the channel has a secret the body is signed:
/// <c>X-AiGateway-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))</c> with the Unix timestamp in
/// <c>X-AiGateway-Timestamp</c>, so a receiver can check it and refuse replays.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpFactory, IOptionsMonitor<NotificationsOptions> options, TimeProvider time)
{
    public const string HttpClientName = "webhooks";
    public const string SignatureHeader = "X-AiGateway-Signature";
    public const string TimestampHeader = "X-AiGateway-Timestamp";
    public const string DeliveryHeader = "X-AiGateway-Delivery";

    /// <summary>
    /// The webhooks' HTTP client, without the factory's request logging: a Teams or Slack webhook address is
    /// itself a secret and must never reach a log.
    /// </summary>
    public static IServiceCollection AddWebhookHttpClient(IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName).RemoveAllLoggers();
        return services;
    }

    public async Task SendAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var channel = o.Webhooks.FirstOrDefault(w => w.Name == delivery.Channel)
            ?? throw new InvalidOperationException($"The webhook channel '{delivery.Channel}' is no longer configured.");
        var link = NotificationLinks.Absolute(o.BaseUrl, delivery.Link);
        var body = channel.Kind switch
        {
            WebhookKind.Teams => Teams(delivery, link),
            WebhookKind.Slack => Slack(delivery, link),
            _ => Generic(delivery, link),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(channel.Secret))
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(TimestampHeader, timestamp);
            request.Headers.Add(SignatureHeader, Sign(channel.Secret, timestamp, body));
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, channel.TimeoutSeconds)));
        HttpResponseMessage response;
        try
        {
            response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The webhook did not answer within {channel.TimeoutSeconds} s.");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"The webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }
    }

    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    private static string Generic(NotificationDelivery d, string? link) => new JsonObject
    {
        ["id"] = d.Id,
        ["kind"] = d.Kind,
        ["title"] = d.Title,
        ["body"] = d.Body,
        ["link"] = link ?? d.Link,
        ["createdUtc"] = d.CreatedUtc.ToString("O", CultureInfo.InvariantCulture),
        ["data"] = JsonNode.Parse(d.DataJson),
    }.ToJsonString();

    private static string Teams(NotificationDelivery d, string? link)
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = d.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = d.Body, ["wrap"] = true }),
        };
        if (link is not null)
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open in the dashboard", ["url"] = link });
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
        }.ToJsonString();
    }

    private static string Slack(NotificationDelivery d, string? link)
    {
        var blocks = new JsonArray(
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = NotificationPublisher.Clip(d.Title, 150) } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = d.Body } });
        if (link is not null)
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"<{link}|Open in the dashboard>" }) });
        return new JsonObject { ["text"] = $"{d.Title}: {d.Body}", ["blocks"] = blocks }.ToJsonString();
    }
}
