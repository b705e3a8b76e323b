using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reconciliation;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>
/// Reconciliation against the bill (issue 13 §5): every class from billed rows written like a sync's and usage posted to
/// the real endpoint; a day billed after it was estimated is not doubled; untracked and unpriced alerts fire once.
/// </summary>
public class ReconciliationApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const long D = Money.MicrosPerUnit;
    private static readonly DateOnly Billed = new(2026, 12, 8);

    private static DashboardFactory Factory() => new(new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "false", ["Reconciliation:UntrackedAlertAmount"] = "5", ["Notifications:AdminRecipients:0"] = "ada.admin@demo.local",
    })
    {
        Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero)),
    };

    /// <summary>OpenAI billed $10 to each of proj_a, proj_b, proj_c, $7 to proj_d and $3 to proj_e on 8 December (its last billed day); proj_a restated by −$0.10 on the 9th.</summary>
    private static Task BillAsync(DashboardFactory factory) =>
        BilledRows.AddAsync(factory, ProviderKind.OpenAI,
            new[] { ("proj_a", 10), ("proj_b", 10), ("proj_c", 10), ("proj_d", 7), ("proj_e", 3) }.Select(p => (Billed, p.Item1, p.Item2 * D)),
            row =>
            {
                if (row.ProjectId != "proj_a") return null;
                var adjustment = row.AdjustmentOf(Billed, Billed.AddDays(1));
                adjustment.CostMicros = -100_000;
                return adjustment;
            });

    /// <summary>gpt-4o-mini output is $0.60 per million: n dollars is n / 0.6 million tokens.</summary>
    private static object Usage(string id, string project, decimal dollars, string day = "2026-12-08", string model = "gpt-4o-mini", decimal? cost = null) => new
    {
        id, timestamp = $"{day}T10:00:00Z", provider = "OpenAI", model, project, outputTokens = (long)Math.Round(dollars / 0.6m * 1_000_000m), cost,
    };

    [Fact]
    public async Task Every_row_gets_its_class_and_the_bill_is_never_doubled()
    {
        await using var factory = Factory();
        await BillAsync(factory);
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        var post = await gateway.PostAsync("api/v1/usage", new StringContent(JsonSerializer.Serialize(new
        {
            events = new[]
            {
                Usage("a-1", "proj_a", 10.00m, cost: 9.99m), Usage("b-1", "proj_b", 15m), Usage("c-1", "proj_c", 5m),
                Usage("e-1", "proj_e", 3m), Usage("e-2", "proj_e", 1m, model: "gpt-9-preview"), Usage("a-2", "proj_a", 2.40m, day: "2026-12-09"),
            },
        }), Encoding.UTF8, "application/json"), Ct);
        post.StatusCode.ShouldBe(HttpStatusCode.OK, await post.Content.ReadAsStringAsync(Ct));

        using var finance = factory.CreateRealClient(DashboardFactory.SpendKey);
        var report = JsonDocument.Parse(await finance.GetStringAsync("api/v1/reconciliation?from=2026-12-01&to=2026-12-10", Ct)).RootElement;
        var rows = report.GetProperty("rows").EnumerateArray().ToDictionary(
            r => (r.GetProperty("project").GetString(), r.GetProperty("day").GetString()), r => r.GetProperty("figures"));

        string Class((string, string) key) => rows[key].GetProperty("class").GetString()!;
        Class(("proj_a", "2026-12-08")).ShouldBe("matched");
        rows[("proj_a", "2026-12-08")].GetProperty("gatewayCost").GetDecimal().ShouldBe(9.99m);
        Class(("proj_b", "2026-12-08")).ShouldBe("overestimated");
        (rows[("proj_b", "2026-12-08")].GetProperty("difference").GetDecimal(), rows[("proj_b", "2026-12-08")].GetProperty("differencePercent").GetDecimal()).ShouldBe((5m, 50m));
        Class(("proj_c", "2026-12-08")).ShouldBe("underestimated");
        Class(("proj_d", "2026-12-08")).ShouldBe("untracked");
        Class(("proj_e", "2026-12-08")).ShouldBe("unpriced");
        rows[("proj_e", "2026-12-08")].GetProperty("unpricedEvents").GetInt64().ShouldBe(1);
        Class(("proj_a", "2026-12-09")).ShouldBe("notYetBilled");
        rows[("proj_a", "2026-12-09")].GetProperty("notYetBilled").GetDecimal().ShouldBe(2.40m);
        report.GetProperty("billedThrough").GetProperty("OpenAI").GetString().ShouldBe("2026-12-08");
        report.GetProperty("totals").GetProperty("billed").GetDecimal().ShouldBe(39.90m);
        report.GetProperty("byClass").GetProperty("untracked").GetProperty("billed").GetDecimal().ShouldBe(7m);

        // Spend counts the bill where it exists and the estimate only where it does not (proj_a on the 9th): never both.
        await factory.Services.GetRequiredService<AiGateway.Dashboard.Features.Usage.EstimateRefresher>().CatchUpAsync(Ct);
        var spend = JsonDocument.Parse(await finance.GetStringAsync("api/v1/spend?from=2026-12-01&to=2026-12-10", Ct)).RootElement;
        (spend.GetProperty("total").GetDecimal(), spend.GetProperty("billed").GetDecimal(), spend.GetProperty("estimated").GetDecimal()).ShouldBe((42.30m, 39.90m, 2.40m));

        // Grouped by provider only: one row, its figures the sums.
        var byProvider = JsonDocument.Parse(await finance.GetStringAsync("api/v1/reconciliation?from=2026-12-01&to=2026-12-10&groupBy=provider", Ct)).RootElement
            .GetProperty("rows").EnumerateArray().ShouldHaveSingleItem().GetProperty("figures");
        (byProvider.GetProperty("billed").GetDecimal(), byProvider.GetProperty("estimated").GetDecimal(), byProvider.GetProperty("notYetBilled").GetDecimal()).ShouldBe((39.90m, 33m, 2.40m));

        // The untracked $7 of proj_d passes the $5 alert amount: Admins and Finance hear once, however often it is checked.
        var monitor = factory.Services.GetRequiredService<ReconciliationMonitor>();
        (await monitor.CheckUntrackedAsync(Ct)).ShouldBe(1);
        (await monitor.CheckUntrackedAsync(Ct)).ShouldBe(0);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        var alerts = await db.SystemAlerts.AsNoTracking().ToListAsync(Ct);
        alerts.Select(a => (a.Kind, a.Key)).OrderBy(k => k.Kind).ShouldBe([(SystemAlert.Unpriced, "OpenAI|gpt-9-preview"), (SystemAlert.Untracked, "OpenAI|2026-12")]);
        alerts.Single(a => a.Kind == SystemAlert.Untracked).Title.ShouldBe("OpenAI: $7.00 of 2026-12 spend bypassed the gateway");
        var inbox = await db.Notifications.AsNoTracking().Where(n => n.Kind.StartsWith("platform.")).Select(n => new { n.UserEmail, n.Kind }).ToListAsync(Ct);
        inbox.ShouldContain(n => n.UserEmail == "ada.admin@demo.local" && n.Kind == "platform.unpriced");
        inbox.ShouldContain(n => n.UserEmail == "ada.admin@demo.local" && n.Kind == "platform.untracked");
        inbox.ShouldContain(n => n.UserEmail == "fay.finance@demo.local" && n.Kind == "platform.untracked");
        inbox.ShouldNotContain(n => n.UserEmail == "fay.finance@demo.local" && n.Kind == "platform.unpriced");
    }

    [Fact]
    public async Task Bad_parameters_and_callers_without_the_right_get_a_clear_answer()
    {
        await using var factory = Factory();
        using var finance = factory.CreateRealClient(DashboardFactory.SpendKey);
        foreach (var (query, parameter) in new[] { ("from=2026-13-01", "from"), ("from=2026-12-09&to=2026-12-01", "from"), ("from=2025-01-01&to=2026-12-10", "to"), ("groupBy=provider,colour", "groupBy") })
        {
            var response = await finance.GetAsync($"api/v1/reconciliation?{query}", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("parameter").GetString().ShouldBe(parameter);
        }
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        (await gateway.GetAsync("api/v1/reconciliation", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = factory.CreateRealClient();
        (await anonymous.GetAsync("api/v1/reconciliation", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
