using System.Globalization;
using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Exports;
using AiGateway.Dashboard.IntegrationTests.Support;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Reports;

/// <summary>FOCUS and detail exports from the real host over the demo data.</summary>
public class ExportTests(SharedDashboard dashboard)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Period LastMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(DateTime.UtcNow)).Previous();
    private static string Range => $"from={LastMonth.Start:yyyy-MM-dd}&to={LastMonth.End:yyyy-MM-dd}";

    private static async Task<decimal> ApiTotalAsync(HttpClient client, string filter = "") =>
        JsonDocument.Parse(await client.GetStringAsync($"api/v1/spend?{Range}{filter}", Ct)).RootElement.GetProperty("total").GetDecimal();

    private static List<string[]> ParseCsv(string text) => FocusRules.Parse(text);

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.3")]
    public async Task The_FOCUS_export_passes_the_specifications_MUST_rules_and_its_billed_cost_equals_the_APIs_total(string version)
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var response = await client.GetAsync($"api/v1/exports/focus?{Range}&version={version}", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var file = await response.Content.ReadAsByteArrayAsync(Ct);

        FocusRules.Violations(file, version).ShouldBeEmpty();
        var rows = ParseCsv(System.Text.Encoding.UTF8.GetString(file));
        rows[0].ShouldBe(FocusExport.Columns(version));
        var header = rows[0];
        var c = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        var data = rows.Skip(1).ToList();
        data.ShouldNotBeEmpty();
        // BilledCost is in the currency of the bill (the demo's Azure OpenAI bills in EUR); the reporting currency's figure,
        // x_ReportingCost, adds up to the API's total, and equals BilledCost wherever the bill was in USD.
        data.Sum(r => decimal.Parse(r[c["x_ReportingCost"]], CultureInfo.InvariantCulture)).ShouldBe(await ApiTotalAsync(client));
        data.ShouldAllBe(r => r[c["x_ReportingCurrency"]] == "USD");
        data.Select(r => r[c["BillingCurrency"]]).Distinct().Order().ShouldBe(["EUR", "USD"]);
        data.Where(r => r[c["BillingCurrency"]] == "EUR").ShouldAllBe(r => r[c["ProviderName"]] == "Microsoft");
        data.Where(r => r[c["BillingCurrency"]] == "USD").ShouldAllBe(r => r[c["BilledCost"]] == r[c["x_ReportingCost"]]);
        var (billingStart, billingEnd) = ($"{LastMonth.Start:yyyy-MM-dd}T00:00:00Z", $"{LastMonth.End.AddDays(1):yyyy-MM-dd}T00:00:00Z");
        data.ShouldAllBe(r => r[c["BillingPeriodStart"]] == billingStart && r[c["BillingPeriodEnd"]] == billingEnd);
        // Company names, not our enum: Azure OpenAI is provided and invoiced by Microsoft.
        data.Select(r => r[c["ProviderName"]]).Distinct().Order().ShouldBe(["Anthropic", "Microsoft", "OpenAI"]);
        data.Where(r => r[c["ProviderName"]] == "Microsoft").ShouldAllBe(r => r[c["ServiceName"]] == "Azure OpenAI Service" && r[c["InvoiceIssuerName"]] == "Microsoft");
        // The Simulated provider's lines carry their tokens: one SKU per model line, priced per million tokens.
        data.ShouldAllBe(r => r[c["PricingUnit"]] == FocusExport.PricingUnit && r[c["ConsumedUnit"]] == "Tokens"
            && decimal.Parse(r[c["PricingQuantity"]], CultureInfo.InvariantCulture) * 1_000_000m == decimal.Parse(r[c["ConsumedQuantity"]], CultureInfo.InvariantCulture));
        data.ShouldAllBe(r => r[c["ServiceSubcategory"]] == "Generative AI" && r[c["ChargeFrequency"]] == "Usage-Based");
        // Allocated rows carry the inherited finance code and the cost centre that owns it.
        data.Where(r => r[c["x_FinanceCode"]].Length > 0).ShouldAllBe(r => r[c["x_CostCentre"]].Length > 0);
        data.Count(r => r[c["x_FinanceCode"]].Length > 0).ShouldBeGreaterThan(data.Count / 2);
        data.ShouldAllBe(r => r[c["SubAccountName"]].Length > 0 && r[c["SubAccountName"]] != r[c["SubAccountId"]]);
        if (version == "1.3") data.ShouldAllBe(r => r[c["ServiceProviderName"]] == r[c["ProviderName"]] && r[c["HostProviderName"]].Length > 0);

        var withBom = await client.GetByteArrayAsync($"api/v1/exports/focus?{Range}&bom=true", Ct);
        withBom.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        (await client.GetAsync($"api/v1/exports/focus?{Range}&version=1.4", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_detail_export_as_CSV_and_xlsx_holds_every_billed_row_of_the_range()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var total = await ApiTotalAsync(client);
        var csv = ParseCsv((await client.GetStringAsync($"api/v1/exports/detail?{Range}&format=csv", Ct)).TrimStart('\uFEFF'));
        csv[0].ShouldBe(CostExport.DetailColumns);
        var cost = Array.IndexOf(csv[0], "BilledCost");
        csv.Skip(1).Sum(r => decimal.Parse(r[cost], CultureInfo.InvariantCulture)).ShouldBe(total);
        // Spend sits on project units without a code of their own: every allocated row carries the inherited one.
        var unit = Array.IndexOf(csv[0], "OrgUnit");
        var finance = Array.IndexOf(csv[0], "FinanceCode");
        csv.Skip(1).Where(r => r[unit].Length > 0).ShouldAllBe(r => r[finance].Length > 0);

        var xlsx = await client.GetAsync($"api/v1/exports/detail?{Range}&format=xlsx", Ct);
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var wb = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)));
        var ws = wb.Worksheet(1);
        ws.Row(1).Cell(12).GetString().ShouldBe("BilledCost");
        var rows = ws.RowsUsed().Skip(1).ToList();
        rows.Count.ShouldBe(csv.Count - 1);
        rows.Sum(r => decimal.Round(r.Cell(12).GetValue<decimal>(), 6)).ShouldBe(total);

        (await client.GetAsync($"api/v1/exports/detail?{Range}&format=pdf", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("api/v1/exports/focus?from=2026-11-30&to=2026-11-01", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("api/v1/exports/focus?from=2020-01-01&to=2026-11-01", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_Viewer_is_refused_and_a_Managers_export_holds_only_their_subtree()
    {
        using var viewer = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(viewer, "viewer");
        (await viewer.GetAsync($"api/v1/exports/focus?{Range}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.GetAsync($"api/v1/exports/detail?{Range}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var manager = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(manager, "manager");
        var rows = ParseCsv((await manager.GetStringAsync($"api/v1/exports/focus?{Range}", Ct)).TrimStart('\uFEFF'));
        using var reader = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        rows.Skip(1).Sum(r => decimal.Parse(r[0], CultureInfo.InvariantCulture)).ShouldBe(await ApiTotalAsync(reader, "&orgUnit=product-engineering"));
    }

    [Fact]
    public async Task Names_that_look_like_formulas_are_text_in_xlsx_and_prefixed_in_CSV()
    {
        string[] evil = ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(1,2)", "-2+3", "@cmd", "\tTAB", "\rCR"];
        await using var factory = new DashboardFactory();
        _ = factory.BaseAddress;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            var connection = await db.Connections.SingleAsync(Ct);
            var projects = await db.CostRecords.Where(r => r.ProjectId != null).Select(r => r.ProjectId!).Distinct().OrderBy(p => p).Take(evil.Length).ToListAsync(Ct);
            db.ProviderEntities.RemoveRange(db.ProviderEntities.Where(e => projects.Contains(e.ExternalId)));
            db.ProviderEntities.AddRange(projects.Select((p, i) => new ProviderEntity { ConnectionId = connection.Id, EntityType = ProviderEntity.Project, ExternalId = p, Name = evil[i] }));
            await db.SaveChangesAsync(Ct);
        }
        using var client = factory.CreateRealClient(DashboardFactory.SpendKey);
        var csv = ParseCsv((await client.GetStringAsync($"api/v1/exports/detail?{Range}&format=csv", Ct)).TrimStart('\uFEFF'));
        var names = csv.Skip(1).Select(r => r[Array.IndexOf(csv[0], "SubAccountName")]).Distinct().ToList();
        foreach (var e in evil) names.ShouldContain("'" + e, $"{e} is prefixed with an apostrophe");

        var bytes = await client.GetByteArrayAsync($"api/v1/exports/detail?{Range}&format=xlsx", Ct);
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        foreach (var part in document.WorkbookPart!.WorksheetParts)
        {
            using var reader = new StreamReader(part.GetStream());
            var xml = await reader.ReadToEndAsync(Ct);
            xml.ShouldNotContain("<x:f>", Case.Insensitive);
            xml.ShouldNotContain("<f>", Case.Insensitive);
            xml.ShouldNotContain("<f ", Case.Insensitive);
        }
        using var wb = new XLWorkbook(new MemoryStream(bytes));
        var cells = wb.Worksheet(1).Column(7).CellsUsed().ToList();
        cells.ShouldContain(c => c.GetString() == evil[0] && !c.HasFormula);
    }

    [Fact]
    public async Task An_xlsx_beyond_the_row_limit_is_refused_with_the_count_and_the_CSV_alternative()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Exports:MaxXlsxRows"] = "100" });
        using var client = factory.CreateRealClient(DashboardFactory.SpendKey);
        var response = await client.GetAsync($"api/v1/exports/detail?{Range}&format=xlsx", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        problem.GetProperty("title").GetString().ShouldBe("Too many rows for xlsx");
        problem.GetProperty("detail").GetString()!.ShouldContain("(100 at most); use format=csv");
        (await client.GetAsync($"api/v1/exports/detail?{Range}&format=csv", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
