using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Notifications;
using AiGateway.Dashboard.Tests.Support;
using MimeKit;

namespace AiGateway.Dashboard.Tests.Notifications;

/// <summary>
/// Alerts reach a real SMTP server and real webhook receivers on loopback; failures retry with back-off and never
/// hold up the other channels.
/// </summary>
public class NotificationDeliveryTests
{
    private const string Secret = "whsec-test-0123456789";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NotificationsOptions Options(SmtpListener smtp, LoopbackServer hooks) => new()
    {
        FinanceRecipients = [BudgetHarness.FinanceEmail],
        BaseUrl = "https://ai-spend.contoso.test",
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, Security = "None", From = "AI spend <ai-spend@contoso.test>", TimeoutSeconds = 5 },
        Webhooks =
        [
            new WebhookChannelOptions { Name = "finops-generic", Kind = WebhookKind.Generic, Url = new Uri(hooks.BaseAddress, "generic").ToString(), Secret = Secret },
            new WebhookChannelOptions { Name = "finops-teams", Kind = WebhookKind.Teams, Url = new Uri(hooks.BaseAddress, "teams").ToString() },
            new WebhookChannelOptions { Name = "finops-slack", Kind = WebhookKind.Slack, Url = new Uri(hooks.BaseAddress, "slack").ToString() },
        ],
        RetryBaseSeconds = 30,
        MaxAttempts = 3,
    };

    [Fact]
    public async Task A_threshold_alert_reaches_SMTP_and_every_webhook_with_the_right_content_and_a_valid_signature()
    {
        await using var smtp = new SmtpListener();
        await using var hooks = await LoopbackServer.StartAsync();
        foreach (var path in new[] { "/generic", "/teams", "/slack" }) hooks.Map(path, ctx => { ctx.Response.StatusCode = 200; return Task.CompletedTask; });
        await using var h = await BudgetHarness.CreateAsync(Options(smtp, hooks));
        var budgetId = await h.SearchBudgetAtAsync(85m, forecastAlert: false);
        var alert = (await h.AlertsAsync()).Single(a => a.Kind == AlertKind.Threshold);

        (await h.Dispatcher.DispatchDueAsync(Ct)).ShouldBeGreaterThanOrEqualTo(5);
        var deliveries = (await h.DeliveriesAsync()).Where(d => d.Kind == "budget.threshold").ToList();
        deliveries.Select(d => d.Channel).Order().ShouldBe(["email", "email", "finops-generic", "finops-slack", "finops-teams"]);
        deliveries.ShouldAllBe(d => d.Status == DeliveryStatus.Sent && d.Attempts == 1 && d.LastError == null);

        // E-mail: one message per recipient, the alert in the subject, the body and a link to the budget.
        var mails = smtp.Messages.Select(m => (m.To.Single(), Mime: MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))).ToList();
        mails.Select(m => m.Item1).Order().ShouldBe([BudgetHarness.FinanceEmail, BudgetHarness.OwnerEmail]);
        foreach (var (_, mime) in mails)
        {
            mime.Subject.ShouldBe(alert.Title);
            mime.From.Mailboxes.Single().Address.ShouldBe("ai-spend@contoso.test");
            mime.TextBody.ShouldNotBeNull().ShouldContain(alert.Message);
            mime.TextBody.ShouldContain($"https://ai-spend.contoso.test/budgets/{budgetId}");
            mime.HtmlBody.ShouldNotBeNull().ShouldContain($"href=\"https://ai-spend.contoso.test/budgets/{budgetId}\"");
        }

        // Generic: our JSON, signed with the channel's secret over "timestamp.body".
        var generic = hooks.Requests.Single(r => r.Path == "/generic");
        var timestamp = generic.Headers[WebhookSender.TimestampHeader];
        generic.Headers[WebhookSender.SignatureHeader].ShouldBe(ExpectedSignature(Secret, timestamp, generic.Body));
        long.Parse(timestamp).ShouldBe(h.Sync.Time.GetUtcNow().ToUnixTimeSeconds());
        var json = JsonDocument.Parse(generic.Body).RootElement;
        json.GetProperty("kind").GetString().ShouldBe("budget.threshold");
        json.GetProperty("title").GetString().ShouldBe(alert.Title);
        json.GetProperty("link").GetString().ShouldBe($"https://ai-spend.contoso.test/budgets/{budgetId}");
        var data = json.GetProperty("data");
        data.GetProperty("orgUnit").GetString().ShouldBe("search");
        data.GetProperty("key").GetString().ShouldBe("80");
        data.GetProperty("actual").GetDecimal().ShouldBe(Money.Reporting(alert.ActualMicros).ToMajor());
        data.GetProperty("budget").GetDecimal().ShouldBe(Money.Reporting(alert.BudgetMicros).ToMajor());
        // A tampered body does not match the signature.
        ExpectedSignature(Secret, timestamp, generic.Body.Replace("search", "searcH", StringComparison.Ordinal)).ShouldNotBe(generic.Headers[WebhookSender.SignatureHeader]);

        // Teams: an Adaptive Card message; Slack: blocks with a fallback text.
        var teams = JsonDocument.Parse(hooks.Requests.Single(r => r.Path == "/teams").Body).RootElement;
        teams.GetProperty("type").GetString().ShouldBe("message");
        var card = teams.GetProperty("attachments")[0];
        card.GetProperty("contentType").GetString().ShouldBe("application/vnd.microsoft.card.adaptive");
        card.GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString().ShouldBe(alert.Title);
        card.GetProperty("content").GetProperty("actions")[0].GetProperty("url").GetString().ShouldBe($"https://ai-spend.contoso.test/budgets/{budgetId}");
        var slack = JsonDocument.Parse(hooks.Requests.Single(r => r.Path == "/slack").Body).RootElement;
        slack.GetProperty("text").GetString().ShouldStartWith(alert.Title);
        slack.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString().ShouldBe(alert.Message);

        // Sent is sent: a second dispatch sends nothing again.
        (await h.Dispatcher.DispatchDueAsync(Ct)).ShouldBe(0);
        smtp.Messages.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_webhook_retries_with_back_off_and_never_blocks_email()
    {
        await using var smtp = new SmtpListener();
        await using var hooks = await LoopbackServer.StartAsync();
        var calls = 0;
        hooks.Map("/generic", ctx => { ctx.Response.StatusCode = Interlocked.Increment(ref calls) < 3 ? 503 : 200; return Task.CompletedTask; });
        // Teams hangs past its timeout; Slack is not even listening (connection refused).
        hooks.Map("/teams", async ctx => await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted));
        var options = Options(smtp, hooks);
        options.Webhooks[1].TimeoutSeconds = 1;
        options.Webhooks[2].Url = "http://127.0.0.1:9/slack";
        await using var h = await BudgetHarness.CreateAsync(options);
        await h.SearchBudgetAtAsync(85m, forecastAlert: false);

        await h.Dispatcher.DispatchDueAsync(Ct);
        var first = (await h.DeliveriesAsync()).Where(d => d.Kind == "budget.threshold").ToDictionary(d => d.Channel == "email" ? d.Target : d.Channel);
        first[BudgetHarness.OwnerEmail].Status.ShouldBe(DeliveryStatus.Sent);
        first[BudgetHarness.FinanceEmail].Status.ShouldBe(DeliveryStatus.Sent);
        smtp.Messages.Count.ShouldBe(2, "e-mail went out although every webhook failed");
        first["finops-generic"].ShouldSatisfyAllConditions(
            d => d.Status.ShouldBe(DeliveryStatus.Pending),
            d => d.Attempts.ShouldBe(1),
            d => d.LastError!.ShouldContain("503"),
            d => d.NextAttemptUtc.ShouldBe(h.Sync.Time.GetUtcNow().UtcDateTime.AddSeconds(30)));
        first["finops-teams"].LastError!.ShouldContain("did not answer within 1 s");
        first["finops-slack"].LastError!.ShouldNotBeNull();
        first["finops-slack"].LastError!.ShouldNotContain("/slack", Case.Sensitive, "the webhook address may hold a secret; errors never show it");
        h.Logs.Lines.ShouldContain(l => l.Contains("finops-generic", StringComparison.Ordinal), "failures are logged by channel name");
        h.Logs.Lines.ShouldNotContain(l => l.Contains("/generic", StringComparison.Ordinal) || l.Contains("/teams", StringComparison.Ordinal) || l.Contains("/slack", StringComparison.Ordinal),
            "no log line holds a webhook address");

        // Not due yet: nothing is tried.
        h.Sync.Time.Advance(TimeSpan.FromSeconds(29));
        (await h.Dispatcher.DispatchDueAsync(Ct)).ShouldBe(0);
        h.Sync.Time.Advance(TimeSpan.FromSeconds(1));
        (await h.Dispatcher.DispatchDueAsync(Ct)).ShouldBe(3);
        var second = (await h.DeliveriesAsync()).Single(d => d.Channel == "finops-generic" && d.Kind == "budget.threshold");
        second.Attempts.ShouldBe(2);
        second.NextAttemptUtc.ShouldBe(h.Sync.Time.GetUtcNow().UtcDateTime.AddSeconds(60), "the wait doubles");

        h.Sync.Time.Advance(TimeSpan.FromSeconds(60));
        await h.Dispatcher.DispatchDueAsync(Ct);
        var all = (await h.DeliveriesAsync()).Where(d => d.Kind == "budget.threshold").ToDictionary(d => d.Channel == "email" ? d.Target : d.Channel);
        all["finops-generic"].ShouldSatisfyAllConditions(d => d.Status.ShouldBe(DeliveryStatus.Sent), d => d.Attempts.ShouldBe(3), d => d.LastError.ShouldBeNull());
        all["finops-slack"].ShouldSatisfyAllConditions(d => d.Status.ShouldBe(DeliveryStatus.Failed), d => d.Attempts.ShouldBe(3));
        smtp.Messages.Count.ShouldBe(2, "no e-mail was sent twice");

        // An Admin retries a failed delivery: one more attempt, at once.
        await h.Dispatcher.RetryAsync(all["finops-slack"].Id, Ct);
        await h.Dispatcher.DispatchDueAsync(Ct);
        (await h.DeliveriesAsync()).Single(d => d.Id == all["finops-slack"].Id).Attempts.ShouldBe(4);
        await Should.ThrowAsync<InvalidOperationException>(() => h.Dispatcher.RetryAsync(all["finops-generic"].Id, Ct));
    }

    [Fact]
    public async Task A_refusing_mail_server_is_retried_like_any_channel()
    {
        await using var smtp = new SmtpListener { RefuseMail = true };
        await using var hooks = await LoopbackServer.StartAsync();
        foreach (var path in new[] { "/generic", "/teams", "/slack" }) hooks.Map(path, ctx => { ctx.Response.StatusCode = 204; return Task.CompletedTask; });
        await using var h = await BudgetHarness.CreateAsync(Options(smtp, hooks));
        await h.SearchBudgetAtAsync(85m, forecastAlert: false);

        await h.Dispatcher.DispatchDueAsync(Ct);
        var deliveries = (await h.DeliveriesAsync()).Where(d => d.Kind == "budget.threshold").ToList();
        deliveries.Where(d => d.Channel == "email").ShouldAllBe(d => d.Status == DeliveryStatus.Pending && d.LastError!.Contains("Try again later"));
        deliveries.Where(d => d.Channel != "email").ShouldAllBe(d => d.Status == DeliveryStatus.Sent);

        smtp.RefuseMail = false;
        h.Sync.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Dispatcher.DispatchDueAsync(Ct);
        (await h.DeliveriesAsync()).Where(d => d.Kind == "budget.threshold").ShouldAllBe(d => d.Status == DeliveryStatus.Sent);
        smtp.Messages.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(30, 1, 30)]
    [InlineData(30, 2, 60)]
    [InlineData(30, 5, 480)]
    [InlineData(30, 12, 3600)]
    public void Back_off_doubles_and_is_capped_at_an_hour(int baseSeconds, int attempt, int seconds) =>
        NotificationDispatcher.Backoff(baseSeconds, attempt).ShouldBe(TimeSpan.FromSeconds(seconds));

    private static string ExpectedSignature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
}
