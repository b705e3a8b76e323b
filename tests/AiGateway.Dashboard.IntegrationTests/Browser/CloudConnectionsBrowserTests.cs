using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// An admin connects Amazon Bedrock, Google Vertex AI, Mistral and OpenRouter in the browser, each against a fake of its API on
/// loopback serving our fixtures: the kind's own fields, Test (one cheap call), Sync now, the run's requests and note, and the
/// spend it lands in the API.
/// </summary>
public class CloudConnectionsBrowserTests(BrowserFixture browser)
{
    private static readonly RSA GoogleKey = RSA.Create(2048);

    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}]").Locator("xpath=descendant-or-self::input").First;

    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE-browser-session-token-0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP";

    public static TheoryData<string> Kinds => ["AwsBedrock", "GoogleVertex", "Mistral", "OpenRouter"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_admin_connects_tests_and_syncs_a_cloud_provider(string kind)
    {
        await using var fake = await LoopbackServer.StartAsync();
        string secret, testSays, noteSays;
        Dictionary<string, string> fields;
        switch (kind)
        {
            case "AwsBedrock":
                ProviderFakes.MapBedrock(fake);
                (secret, testSays, noteSays) = ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "2 Bedrock service(s)", "Cost Explorer request(s)");
                // Temporary credentials: the session token travels with every signed call.
                fields = new() { ["field-accesskey"] = "ASIAIOSFODNN7EXAMPLE", ["field-region"] = "us-east-1", ["field-sessiontoken"] = SessionToken };
                break;
            case "GoogleVertex":
                ProviderFakes.MapGoogleToken(fake, GoogleKey);
                ProviderFakes.MapBigQuery(fake);
                (secret, testSays, noteSays) = (ProviderFakes.ServiceAccountKeyJson(GoogleKey, new Uri(fake.BaseAddress, "token")), "Connected to BigQuery as billing-reader@", "the query scanned");
                fields = new() { ["field-gcpproject"] = "contoso-billing", ["field-dataset"] = "billing", ["field-table"] = "gcp_billing_export_v1_0123AB_CDEF45", ["field-location"] = "EU" };
                break;
            case "Mistral":
                ProviderFakes.MapMistral(fake);
                fake.MapJson("/spend-limit", """{"monthly_limit":1000,"currency":"EUR"}""");
                (secret, testSays, noteSays) = ("mistral-admin-key-7Hq2", "admin key can read the organization", "Mistral reports by month");
                fields = [];
                break;
            default:
                ProviderFakes.MapOpenRouter(fake);
                (secret, testSays, noteSays) = ("sk-or-v1-management-key-7Hq2", "lists 2 API key(s)", "OpenRouter reports the 30 completed UTC days");
                fields = [];
                break;
        }
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero)) };

        var page = await browser.SignedInAsync(factory.BaseAddress, "admin");
        await page.GotoAsync("connections");
        await Circuit.LiveAsync(page);
        await page.ClickAsync("[data-testid=add-connection]");
        await Choose.InDialogAsync(page, "field-kind", kind);
        var name = $"{kind} (test)";
        await Input(page, "field-name").FillAsync(name);
        await Input(page, "field-baseurl").FillAsync(fake.BaseAddress.ToString());
        foreach (var (field, value) in fields) await Input(page, field).FillAsync(value);
        await Input(page, "field-backfill").FillAsync(kind == "Mistral" ? "30" : "3");
        await Input(page, "field-secret").FillAsync(secret);
        await page.ClickAsync("[data-testid=save-connection]");
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=connection-name]", new() { HasText = name }) });
        await row.WaitForAsync();
        (await page.ContentAsync()).ShouldNotContain(secret.Length > 40 ? secret[..40] : secret);
        (await page.ContentAsync()).ShouldNotContain(SessionToken[..40]);

        await row.Locator("button", new() { HasText = "Test" }).ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid^=test-result-]")).ToContainTextAsync(testSays);
        await row.Locator("button", new() { HasText = "Sync now" }).ClickAsync();
        await row.Locator(".mud-chip", new() { HasText = "Succeeded" }).WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=sync-history] tbody tr", new() { HasText = name }).First).ToContainTextAsync(noteSays);

        using var api = factory.CreateRealClient(DashboardFactory.SpendKey);
        var spend = await api.GetFromJsonAsync<JsonElement>("api/v1/spend?from=2026-10-01&to=2026-11-20&groupBy=connection&kind=billed", TestContext.Current.CancellationToken);
        spend.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("connection").GetString() == name).GetProperty("cost").GetDecimal().ShouldBeGreaterThan(0);
        if (kind == "AwsBedrock")
            fake.Requests.Where(r => r.Path == "/").ShouldAllBe(r => r.Headers["X-Amz-Security-Token"] == SessionToken);
    }
}
