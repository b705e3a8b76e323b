using System.Globalization;
using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Admin;
using AiGateway.Dashboard.Features.Books;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Tests.Support;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Reports;

/// <summary>
/// Credits from both providers' real response shapes (our fixtures, on loopback fakes) through every surface — sync,
/// totals, budget history, workbook, chargeback, FOCUS — and then a restated credit on a closed month as a correction.
/// </summary>
public class CreditsAndCorrectionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string OpenAIKey = "sk-admin-credits-test-Qm42";
    private const string OpenAIOrganization = "org-contoso-0001";
    private static readonly Period November = Period.Month(2026, 11);
    private static readonly string[] OpenAIPages = [ProviderFakes.OpenAICostPages[0], ProviderFakes.OpenAICostPages[1], "OpenAI/costs-page3-credit.json"];
    private static readonly string[] AnthropicPages = [ProviderFakes.AnthropicCostPages[0], ProviderFakes.AnthropicCostPages[1], "Anthropic/cost-page3-credit.json"];

    // Σ of the fixtures' amounts for one OpenAI project (dollars), computed from the JSON, not through the client.
    private static decimal OpenAIProjectTotal(string project, params string[] pages) => pages
        .SelectMany(p => JsonDocument.Parse(Fixtures.Read(p)).RootElement.GetProperty("data").EnumerateArray())
        .SelectMany(b => (b.TryGetProperty("results", out var results) ? results : b.GetProperty("result")).EnumerateArray())
        .Where(r => r.GetProperty("project_id").GetString() == project && r.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Object)
        .Sum(r => r.GetProperty("amount").GetProperty("value").GetDecimal());

    private static async Task<decimal> TotalAsync(HttpClient client, string query) =>
        JsonDocument.Parse(await client.GetStringAsync($"api/v1/spend?{query}", Ct)).RootElement.GetProperty("total").GetDecimal();

    [Fact]
    public async Task Credits_flow_through_every_surface_and_a_restated_credit_on_a_closed_month_is_a_correction()
    {
        var openAIPage3 = "OpenAI/costs-page3-credit.json";
        await using var openai = await LoopbackServer.StartAsync();
        ProviderFakes.MapOpenAI(openai, page => Fixtures.Read(page == ProviderFakes.OpenAICostPages[2] ? openAIPage3 : page));
        await using var anthropic = await LoopbackServer.StartAsync();
        ProviderFakes.MapAnthropic(anthropic, page => Fixtures.Read(page == ProviderFakes.AnthropicCostPages[2] ? AnthropicPages[2] : page));
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)) };
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var services = factory.Services;
        var connections = services.GetRequiredService<ConnectionsService>();
        var openAIId = await connections.CreateAsync(new ConnectionInput { Name = "OpenAI", Kind = ProviderKind.OpenAI, BaseUrl = openai.BaseAddress.ToString(), Secret = OpenAIKey, BackfillDays = 30, OrganizationId = OpenAIOrganization }, "test", Ct);
        var anthropicId = await connections.CreateAsync(new ConnectionInput { Name = "Anthropic", Kind = ProviderKind.Anthropic, BaseUrl = anthropic.BaseAddress.ToString(), Secret = "sk-ant-admin01-credits-Xw7", BackfillDays = 30 }, "test", Ct);
        int searchId, budgetId;
        await using (var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            searchId = (await db.OrgUnits.SingleAsync(u => u.Code == "search", Ct)).Id;
            budgetId = (await db.Budgets.SingleAsync(b => b.OrgUnitId == searchId && b.PeriodKind == PeriodKind.Monthly, Ct)).Id;
            db.AllocationRules.Add(new AllocationRule { Priority = 1, ProjectId = "proj_search", OrgUnitId = searchId });
            await db.SaveChangesAsync(Ct);
        }
        async Task<decimal> SearchNovemberActualAsync() =>
            JsonDocument.Parse(await reader.GetStringAsync($"api/v1/budgets/{budgetId}/periods?from=2026-11-01&to=2026-11-30", Ct)).RootElement
                .EnumerateArray().Single().GetProperty("actual").GetDecimal();
        var searchBefore = await SearchNovemberActualAsync();

        var sync = services.GetRequiredService<SyncService>();
        (await sync.RunAsync(openAIId, SyncTrigger.Manual, Ct)).Status.ShouldBe(SyncRunStatus.Succeeded);
        (await sync.RunAsync(anthropicId, SyncTrigger.Manual, Ct)).Status.ShouldBe(SyncRunStatus.Succeeded);

        // Sync and totals: the negative lines are stored and counted, to the micro-dollar of the fixtures.
        await using (var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            (await db.CostRecords.Where(r => r.CostMicros < 0 && r.Kind == CostKind.Billed && (r.ConnectionId == openAIId || r.ConnectionId == anthropicId)).Select(r => r.CostMicros).OrderBy(m => m).ToListAsync(Ct))
                .ShouldBe([-12_500_000L, -8_500_000L]);
        }
        (await TotalAsync(reader, $"from=2026-11-01&to=2026-11-30&connection={openAIId}")).ShouldBe(Money.Reporting(Fixtures.OpenAICostByDay(OpenAIPages).Values.Sum()).ToMajor());
        (await TotalAsync(reader, $"from=2026-11-01&to=2026-11-30&connection={anthropicId}")).ShouldBe(Money.Reporting(Fixtures.AnthropicCostByDay(AnthropicPages).Values.Sum()).ToMajor());
        // Budget history: Search's November actual grew by its project's lines, the credit included (the fixtures'
        // exact sum differs only below a micro-dollar, which the sync rounds once per day — decision 004).
        var projectTotal = await TotalAsync(reader, $"from=2026-11-01&to=2026-11-30&project=proj_search");
        Math.Abs(projectTotal - OpenAIProjectTotal("proj_search", OpenAIPages)).ShouldBeLessThan(0.000001m);
        (await SearchNovemberActualAsync()).ShouldBe(searchBefore + projectTotal);

        // Workbook: the credits net into their provider's lines without a model (each provider's one negative line, with
        // the month's other model-less lines); every total is the API's.
        var report = await services.GetRequiredService<MonthlyReportQueries>().LoadAsync(November, Features.Spend.SpendScope.All, "All", Ct);
        report.ProvidersAndModels.Where(p => p.CostMicros < 0).Select(p => (p.Provider, p.Model)).Order()
            .ShouldBe([(ProviderKind.OpenAI, ""), (ProviderKind.Anthropic, "")]);
        var novemberTotal = await TotalAsync(reader, "from=2026-11-01&to=2026-11-30");
        report.TotalMicros.ShouldBe(Money.MicrosFromMajor(novemberTotal));
        report.ProvidersAndModels.Sum(p => p.CostMicros).ShouldBe(report.TotalMicros);
        using (var buffer = new MemoryStream())
        {
            MonthlyWorkbookWriter.Write(report, buffer);
            using var wb = new XLWorkbook(new MemoryStream(buffer.ToArray()));
            wb.Worksheet(MonthlyWorkbookWriter.ProvidersSheet).Column(3).CellsUsed().Count(c => c.DataType == XLDataType.Number && c.GetDouble() < 0).ShouldBe(2);
        }
        // Chargeback: the lines (credits netted in) sum to the month's total in cents.
        var journal = await services.GetRequiredService<ChargebackQueries>().JournalAsync(November, Ct);
        journal.Lines.Sum(l => l.AmountMinor).ShouldBe(LargestRemainder.RoundHalfAway(Money.MicrosFromMajor(novemberTotal), Chargeback.MicrosPerCent));

        // FOCUS: the credits are ChargeCategory Credit, with no quantity; usage lines carry the usage report's tokens.
        var focus = await reader.GetByteArrayAsync("api/v1/exports/focus?from=2026-11-18&to=2026-11-20", Ct);
        FocusRules.Violations(focus, "1.2").ShouldBeEmpty();
        var rows = FocusRules.Parse(System.Text.Encoding.UTF8.GetString(focus));
        var c = rows[0].Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        var credits = rows.Skip(1).Where(r => r[c["ChargeCategory"]] == "Credit").ToList();
        credits.Select(r => decimal.Parse(r[c["BilledCost"]], CultureInfo.InvariantCulture)).Order().ShouldBe([-12.5m, -8.5m]);
        credits.ShouldAllBe(r => r[c["PricingQuantity"]] == "" && r[c["ConsumedQuantity"]] == "" && r[c["SkuId"]] == "");
        var openAIRows = rows.Skip(1).Where(r => r[c["BillingAccountName"]] == "OpenAI").ToList();
        openAIRows.ShouldAllBe(r => r[c["BillingAccountId"]] == OpenAIOrganization);
        // The usage fixture reports gpt-4o on proj_search: its billed lines get those tokens, one SKU per kind; lines
        // that no usage report covers are priced as one charge rather than left without a quantity.
        string Quantity(string day, string line) => openAIRows.Where(r => r[c["ChargePeriodStart"]] == $"{day}T00:00:00Z" && r[c["SubAccountId"]] == "proj_search"
            && r[c["ChargeDescription"]] == line).Select(r => $"{r[c["SkuId"]]} {r[c["ConsumedQuantity"]]} {r[c["ConsumedUnit"]]}").Single();
        // Plain input is what is left of input_tokens after cache reads and writes.
        Quantity("2026-11-20", "gpt-4o-2024-08-06, input").ShouldBe("gpt-4o-2024-08-06:input 8749000 Tokens");
        Quantity("2026-11-18", "gpt-4o-2024-08-06, input").ShouldBe("gpt-4o-2024-08-06:input 1255000 Tokens");
        Quantity("2026-11-18", "gpt-4o-2024-08-06, output").ShouldBe("gpt-4o-2024-08-06:output 132000 Tokens");
        Quantity("2026-11-19", "o3-2025-04-16, output").ShouldBe("o3-2025-04-16:charge 1 Charge");
        var novemberFocus = await reader.GetByteArrayAsync("api/v1/exports/focus?from=2026-11-01&to=2026-11-30", Ct);

        // Close November; the provider then restates its credit (-$12.50 → -$20.00) and a re-sync finds it.
        await services.GetRequiredService<BooksService>().CloseAsync(DemoPersonas.Principal(DemoPersonas.Find("finance")!, "test"), November, confirmEarly: true, Ct, sendEmail: false);
        openAIPage3 = "OpenAI/costs-page3-credit-restated.json";
        var run = await sync.RunQueuedAsync(await sync.QueueAsync(openAIId, SyncTrigger.Api, Ct, new DateWindow(new DateOnly(2026, 11, 18), November.End)), Ct);
        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.AdjustmentsBooked.ShouldBe(1);

        // November's FOCUS is byte for byte what it was; the correction is booked on 3 December.
        (await reader.GetByteArrayAsync("api/v1/exports/focus?from=2026-11-01&to=2026-11-30", Ct)).ShouldBe(novemberFocus);
        foreach (var version in new[] { "1.2", "1.3" })
        {
            var december = await reader.GetByteArrayAsync($"api/v1/exports/focus?from=2026-12-01&to=2026-12-03&version={version}", Ct);
            FocusRules.Violations(december, version).ShouldBeEmpty();
            var lines = FocusRules.Parse(System.Text.Encoding.UTF8.GetString(december));
            var h = lines[0].Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
            var correction = lines.Skip(1).Single(r => r[h["ChargeClass"]] == "Correction" && r[h["BillingAccountName"]] == "OpenAI");
            correction[h["ChargeCategory"]].ShouldBe("Credit");
            correction[h["BilledCost"]].ShouldBe("-7.5");
            correction[h["ChargePeriodStart"]].ShouldBe("2026-12-03T00:00:00Z");
            JsonDocument.Parse(correction[h["Tags"]]).RootElement.GetProperty("x_Corrects").GetString().ShouldBe("2026-11-20");
        }
        (await TotalAsync(reader, "from=2026-11-01&to=2026-11-30")).ShouldBe(novemberTotal);
        (await TotalAsync(reader, "from=2026-11-01&to=2026-11-30&basis=usage")).ShouldBe(novemberTotal - 7.5m);
    }
}
