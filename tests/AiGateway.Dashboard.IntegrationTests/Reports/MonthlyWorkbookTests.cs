using System.Globalization;
using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.IntegrationTests.Support;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Reports;

/// <summary>The month-end workbook from the real host over the demo data: structure, formats, formulas, totals, validity, scope.</summary>
public class MonthlyWorkbookTests(SharedDashboard dashboard)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Period LastMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(DateTime.UtcNow)).Previous();

    private static async Task<byte[]> DownloadAsync(HttpClient client, Period month)
    {
        var response = await client.GetAsync($"api/v1/reports/monthly/{month.Label}", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ReportsEndpoints.XlsxContentType);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static async Task<decimal> ApiTotalAsync(HttpClient client, Period month, string filter = "")
    {
        var json = JsonDocument.Parse(await client.GetStringAsync($"api/v1/spend?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}{filter}", Ct)).RootElement;
        return json.GetProperty("total").GetDecimal();
    }

    /// <summary>The rows under the header down to the first blank row (the totals come after it).</summary>
    private static IEnumerable<IXLRow> DataRows(IXLWorksheet ws)
    {
        for (var i = 2; !ws.Row(i).Cell(1).IsEmpty() || !ws.Row(i).Cell(2).IsEmpty(); i++) yield return ws.Row(i);
    }

    /// <summary>The Summary's value cell next to a label.</summary>
    private static IXLCell SummaryValue(XLWorkbook wb, string label) =>
        wb.Worksheet(MonthlyWorkbookWriter.SummarySheet).Column(1).CellsUsed().First(c => c.GetString() == label).CellRight();

    private static decimal Money(IXLCell cell) => decimal.Round(Convert.ToDecimal(cell.Value, CultureInfo.InvariantCulture), 6);

    [Fact]
    public async Task The_workbook_has_every_sheet_with_real_formats_frozen_headers_filters_and_formulas()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        using var wb = new XLWorkbook(new MemoryStream(await DownloadAsync(client, LastMonth)));

        wb.Worksheets.Select(w => w.Name).ShouldBe([MonthlyWorkbookWriter.SummarySheet, MonthlyWorkbookWriter.CostCentresSheet, MonthlyWorkbookWriter.ProvidersSheet,
            MonthlyWorkbookWriter.DailySheet, MonthlyWorkbookWriter.ApprovalsSheet, MonthlyWorkbookWriter.UnallocatedSheet, MonthlyWorkbookWriter.AnomaliesSheet, MonthlyWorkbookWriter.ChargebackSheet,
            MonthlyWorkbookWriter.ReconciliationSheet, MonthlyWorkbookWriter.AccrualsSheet, MonthlyWorkbookWriter.CurrenciesSheet]);
        // No gateway feeds this demo: every billed row of the month is untracked, and the Reconciliation sheet's billed total is the month's.
        var reconciliation = wb.Worksheet(MonthlyWorkbookWriter.ReconciliationSheet);
        var last = reconciliation.LastRowUsed()!.RowNumber();
        reconciliation.Cell(last, 1).GetString().ShouldBe("Total");
        Enumerable.Range(2, last - 3).Select(r => reconciliation.Cell(r, 11).GetString()).Distinct().ShouldBe(["untracked"]);
        reconciliation.Cell(last, 3).GetDouble().ShouldBe(wb.Worksheet(MonthlyWorkbookWriter.ProvidersSheet).LastRowUsed()!.Cell(3).GetDouble(), 0.000001);
        foreach (var name in new[] { MonthlyWorkbookWriter.CostCentresSheet, MonthlyWorkbookWriter.ProvidersSheet, MonthlyWorkbookWriter.DailySheet, MonthlyWorkbookWriter.UnallocatedSheet })
        {
            var ws = wb.Worksheet(name);
            ws.SheetView.SplitRow.ShouldBe(1, $"{name}: header row frozen");
            ws.AutoFilter.IsEnabled.ShouldBeTrue($"{name}: autofilter");
            ws.Column(1).Width.ShouldBeInRange(8, 62, $"{name}: width set from the content");
        }

        var summary = wb.Worksheet(MonthlyWorkbookWriter.SummarySheet);
        summary.Cell("A1").GetString().ShouldBe($"AI spend — {LastMonth.Label}");
        summary.Cell("A3").GetString().ShouldBe("Status");
        summary.Cell("B3").GetString().ShouldBe("Preliminary — the month is open; its figures can still change");
        // The demo's data starts 89 days before today: a year (or a month) that began earlier is flagged as partly covered.
        var dataStart = dashboard.Factory.Today.AddDays(-89);
        var year = Period.Containing(PeriodKind.Annual, LastMonth.End);
        var yearRow = summary.Column(3).CellsUsed().Select(c => c.GetString()).Single(t => t.StartsWith($"Year {year.Start:yyyy-MM-dd}", StringComparison.Ordinal));
        yearRow.EndsWith($"(partly covered: no data before {dataStart:yyyy-MM-dd})", StringComparison.Ordinal).ShouldBe(dataStart > year.Start, yearRow);
        summary.Cell("B4").GetString().Contains("partly covered", StringComparison.Ordinal).ShouldBe(dataStart > LastMonth.Start);
        SummaryValue(wb, "Month total").FormulaA1.ShouldBe($"'{MonthlyWorkbookWriter.ProvidersSheet}'!$C${wb.Worksheet(MonthlyWorkbookWriter.ProvidersSheet).LastRowUsed().RowNumber()}");
        SummaryValue(wb, "Month total").Style.NumberFormat.Format.ShouldBe(MonthlyWorkbookWriter.Currency);

        var centres = wb.Worksheet(MonthlyWorkbookWriter.CostCentresSheet);
        var contoso = centres.Row(2);
        contoso.Cell(2).GetString().ShouldBe("contoso");
        contoso.Cell(2).DataType.ShouldBe(XLDataType.Text);
        // Names are plain (no leading spaces: lookups work), the level is a column and an indent style, no helper columns.
        contoso.Cell(1).GetString().ShouldBe("Contoso");
        DataRows(centres).ShouldAllBe(r => r.Cell(1).GetString() == r.Cell(1).GetString().Trim());
        DataRows(centres).ShouldAllBe(r => r.Cell(1).Style.Alignment.Indent == (int)r.Cell(5).GetDouble());
        centres.Row(1).CellsUsed().Select(c => c.GetString()).ShouldNotContain("Tree path");
        contoso.Cell(7).FormulaA1.ShouldBe($"SUM(F2:F{DataRows(centres).Last().RowNumber()})", "the root's subtree is every unit");
        centres.Cell("F1").GetString().ShouldBe("Direct spend (USD)");
        contoso.Cell(6).Style.NumberFormat.Format.ShouldBe(MonthlyWorkbookWriter.Currency);
        var budgeted = DataRows(centres).First(r => !r.Cell(8).IsEmpty());
        budgeted.Cell(9).FormulaA1.ShouldBe($"H{budgeted.RowNumber()}-G{budgeted.RowNumber()}");
        budgeted.Cell(10).Style.NumberFormat.Format.ShouldBe(MonthlyWorkbookWriter.Percent);

        var providers = wb.Worksheet(MonthlyWorkbookWriter.ProvidersSheet);
        var lastData = DataRows(providers).Last().RowNumber();
        providers.LastRowUsed().Cell(3).FormulaA1.ShouldBe($"SUM(C$2:C${lastData})");
        // The autofilter covers the data rows only; the subtotals sit below it.
        providers.AutoFilter.Range.RangeAddress.LastAddress.RowNumber.ShouldBe(lastData);
        providers.Row(lastData + 2).Cell(2).GetString().ShouldBe("Subtotal");
        // Landscape, one page wide, the header row repeated; the period and the currency in the page header.
        providers.PageSetup.PageOrientation.ShouldBe(XLPageOrientation.Landscape);
        providers.PageSetup.PagesWide.ShouldBe(1);
        providers.PageSetup.FirstRowToRepeatAtTop.ShouldBe(1);
        wb.Worksheet(MonthlyWorkbookWriter.SummarySheet).PageSetup.PagesTall.ShouldBe(1);
        var daily = wb.Worksheet(MonthlyWorkbookWriter.DailySheet);
        daily.Cell("A2").Style.NumberFormat.Format.ShouldBe(MonthlyWorkbookWriter.Date);
        daily.Cell("A2").GetDateTime().ShouldBe(LastMonth.Start.ToDateTime(TimeOnly.MinValue));
        daily.LastRowUsed().Cell(3).FormulaA1.ShouldBe($"SUM(C2:C{daily.LastRowUsed().RowNumber() - 2})");
    }

    [Fact]
    public async Task The_currencies_sheet_shows_what_azure_billed_in_euros_its_usd_figure_and_the_rates_it_converted_at()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        using var wb = new XLWorkbook(new MemoryStream(await DownloadAsync(client, LastMonth)));
        var sheet = wb.Worksheet(MonthlyWorkbookWriter.CurrenciesSheet);
        var lines = DataRows(sheet).TakeWhile(r => !r.Cell(1).IsEmpty()).Select(r => (Provider: r.Cell(1).GetString(), Currency: r.Cell(2).GetString(), Original: Money(r.Cell(4)), Usd: Money(r.Cell(5)))).ToList();

        // The demo's Azure OpenAI bills in EUR; the other providers in USD, where the two figures are one.
        lines.Single(l => l.Currency == "EUR").Provider.ShouldBe("AzureOpenAI");
        lines.Where(l => l.Currency == "USD").ShouldAllBe(l => l.Original == l.Usd);
        lines.Sum(l => l.Usd).ShouldBe(await ApiTotalAsync(client, LastMonth, "&kind=billed"));
        var azure = lines.Single(l => l.Currency == "EUR");
        azure.Usd.ShouldBe(await ApiTotalAsync(client, LastMonth, "&kind=billed&provider=AzureOpenAI"));
        // Every business day of the month has its EUR→USD rate in the table, with its source.
        var rates = sheet.RowsUsed().Where(r => r.Cell(2).GetString() == "EUR" && r.Cell(4).GetString() == "USD").ToList();
        rates.Count.ShouldBeGreaterThanOrEqualTo(new DateWindow(LastMonth.Start, LastMonth.End).EachDay().Count(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        rates.ShouldAllBe(r => r.Cell(5).GetString() == "demo (ECB-like)");
    }

    [Fact]
    public async Task Every_sheet_total_equals_the_APIs_figures_for_the_month()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        using var wb = new XLWorkbook(new MemoryStream(await DownloadAsync(client, LastMonth)));
        var total = await ApiTotalAsync(client, LastMonth);
        total.ShouldBeGreaterThan(0);

        // Formulas evaluated (ClosedXML's engine) and the raw data rows both give the API's total, to the micro-dollar.
        var providers = wb.Worksheet(MonthlyWorkbookWriter.ProvidersSheet);
        Money(providers.LastRowUsed().Cell(3)).ShouldBe(total);
        DataRows(providers).Where(r => r.Cell(2).GetString() != "Subtotal").Sum(r => Money(r.Cell(3))).ShouldBe(total);
        Money(SummaryValue(wb, "Month total")).ShouldBe(total);
        var daily = wb.Worksheet(MonthlyWorkbookWriter.DailySheet);
        Money(daily.LastRowUsed().Cell(3)).ShouldBe(total);
        DataRows(daily).Count().ShouldBe(LastMonth.Days * 3, "one row per day and provider (three simulated providers)");

        // Cost centres: direct spend + unallocated = the total; each unit's subtotal = the API filtered to its subtree.
        var centres = wb.Worksheet(MonthlyWorkbookWriter.CostCentresSheet);
        var units = DataRows(centres).Select(r => (Code: r.Cell(2).GetString(), Level: (int)r.Cell(5).GetDouble(), Direct: Money(r.Cell(6)), Subtotal: Money(r.Cell(7)))).ToList();
        var unallocated = Money(wb.Worksheet(MonthlyWorkbookWriter.UnallocatedSheet).LastRowUsed().Cell(7));
        (units.Sum(u => u.Direct) + unallocated).ShouldBe(total);
        unallocated.ShouldBe(await ApiTotalAsync(client, LastMonth, "&orgUnit=unallocated"));
        foreach (var code in new[] { "contoso", "product-engineering", "search", "data-analytics" })
        {
            // The unit's row and the rows below it at a deeper level are its subtree.
            var at = units.FindIndex(u => u.Code == code);
            var subtree = units.Skip(at).TakeWhile((u, i) => i == 0 || u.Level > units[at].Level).ToList();
            var api = await ApiTotalAsync(client, LastMonth, $"&orgUnit={code}");
            subtree.Sum(u => u.Direct).ShouldBe(api, code);
            units[at].Subtotal.ShouldBe(api, code);
        }
    }

    [Fact]
    public async Task The_document_passes_the_Open_XML_validator()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await DownloadAsync(client, LastMonth)), false);
        var errors = new OpenXmlValidator().Validate(document, Ct).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        errors.ShouldBeEmpty(string.Join(Environment.NewLine, errors.Take(10)));
    }

    [Fact]
    public async Task A_Viewer_is_refused_and_a_Managers_workbook_holds_only_their_subtree()
    {
        using var viewer = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(viewer, "viewer");
        var refused = await viewer.GetAsync($"api/v1/reports/monthly/{LastMonth.Label}", Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // A person reads about their role, not about API keys.
        var words = await refused.Content.ReadAsStringAsync(Ct);
        words.ShouldContain("You are signed in as Vera Viewer (Viewer)");
        words.ShouldNotContain("API key");
        using var lead = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(lead, "teamlead");
        (await lead.GetAsync($"api/v1/reports/monthly/{LastMonth.Label}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var manager = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(manager, "manager");
        using var wb = new XLWorkbook(new MemoryStream(await DownloadAsync(manager, LastMonth)));
        var codes = DataRows(wb.Worksheet(MonthlyWorkbookWriter.CostCentresSheet)).Select(r => r.Cell(2).GetString()).ToList();
        codes[0].ShouldBe("product-engineering");
        codes.ShouldContain("search");
        codes.ShouldNotContain("contoso");
        codes.ShouldNotContain("data-analytics");
        codes.ShouldNotContain("corporate-it");
        wb.Worksheet(MonthlyWorkbookWriter.UnallocatedSheet).Cell("A1").GetString().ShouldContain("not part of a subtree");
        using var reader = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        Money(wb.Worksheet(MonthlyWorkbookWriter.ProvidersSheet).LastRowUsed().Cell(3))
            .ShouldBe(await ApiTotalAsync(reader, LastMonth, "&orgUnit=product-engineering"));

        using var finance = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(finance, "finance");
        (await finance.GetAsync("api/v1/reports/monthly/2026-13", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await finance.GetAsync("api/v1/reports/monthly/2999-01", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_project_named_like_a_formula_stays_text()
    {
        const string evil = "=HYPERLINK(\"http://x\",\"y\")";
        await using var factory = new DashboardFactory();
        _ = factory.BaseAddress;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            var connection = await db.Connections.SingleAsync(Ct);
            var entity = await db.ProviderEntities.SingleOrDefaultAsync(e => e.ExternalId == "proj_image_studio", Ct);
            if (entity is null) db.ProviderEntities.Add(new ProviderEntity { ConnectionId = connection.Id, EntityType = ProviderEntity.Project, ExternalId = "proj_image_studio", Name = evil });
            else entity.Name = evil;
            await db.SaveChangesAsync(Ct);
        }
        using var client = factory.CreateRealClient(DashboardFactory.SpendKey);
        var bytes = await DownloadAsync(client, LastMonth);
        using var wb = new XLWorkbook(new MemoryStream(bytes));
        var cell = wb.Worksheet(MonthlyWorkbookWriter.UnallocatedSheet).CellsUsed().Single(c => c.GetString() == evil);
        cell.HasFormula.ShouldBeFalse();
        cell.DataType.ShouldBe(XLDataType.Text);
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        foreach (var part in document.WorkbookPart!.WorksheetParts)
        {
            using var reader = new StreamReader(part.GetStream());
            (await reader.ReadToEndAsync(Ct)).ShouldNotContain("HYPERLINK", Case.Insensitive);
        }
    }

    [Fact]
    public async Task The_approvals_sheet_lists_the_increases_decided_in_the_month_with_who_and_when()
    {
        await using var factory = new DashboardFactory();
        _ = factory.BaseAddress;
        var approvals = factory.Services.GetRequiredService<AiGateway.Dashboard.Features.Approvals.ApprovalsService>();
        var mia = AiGateway.Dashboard.Auth.DemoPersonas.Principal(AiGateway.Dashboard.Auth.DemoPersonas.Find("manager")!, "Test");
        var pending = (await factory.Services.GetRequiredService<AiGateway.Dashboard.Features.Approvals.ApprovalQueries>()
            .ListAsync(mia, AiGateway.Dashboard.Features.Approvals.RequestView.WaitingForMe, null, null, Ct)).ShouldHaveSingleItem().Request;
        var decided = await approvals.ApproveAsync(mia, pending.Id, AiGateway.Dashboard.Domain.Money.Reporting(pending.AmountMicros).ToMajor() / 2, "Half now, half after the peak.", Ct);

        using var client = factory.CreateRealClient(DashboardFactory.SpendKey);
        var thisMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(DateTime.UtcNow));
        using var wb = new XLWorkbook(new MemoryStream(await DownloadAsync(client, thisMonth)));
        var row = DataRows(wb.Worksheet(MonthlyWorkbookWriter.ApprovalsSheet)).ShouldHaveSingleItem();
        row.Cell(1).GetString().ShouldBe("Support Automation");
        row.Cell(2).GetString().ShouldBe("tom.lead@demo.local");
        Money(row.Cell(4)).ShouldBe(AiGateway.Dashboard.Domain.Money.Reporting(pending.AmountMicros).ToMajor());
        Money(row.Cell(5)).ShouldBe(AiGateway.Dashboard.Domain.Money.Reporting(decided.ApprovedAmountMicros!.Value).ToMajor());
        row.Cell(7).GetString().ShouldBe("Approved");
        row.Cell(10).GetString().ShouldBe("mia.manager@demo.local");
        row.Cell(11).GetDateTime().ShouldBe(decided.DecidedUtc!.Value, TimeSpan.FromSeconds(1));
        row.Cell(11).Style.NumberFormat.Format.ShouldBe(MonthlyWorkbookWriter.DateTimeFormat);
        row.Cell(12).GetString().ShouldBe("Half now, half after the peak.");

        // The budget in the workbook is the effective amount, approved increase included.
        var budgets = JsonDocument.Parse(await client.GetStringAsync("api/v1/budgets", Ct)).RootElement.EnumerateArray();
        var support = budgets.Single(b => b.GetProperty("orgUnit").GetString() == "support-automation").GetProperty("budget").GetDecimal();
        var unitRow = DataRows(wb.Worksheet(MonthlyWorkbookWriter.CostCentresSheet)).Single(r => r.Cell(2).GetString() == "support-automation");
        Money(unitRow.Cell(8)).ShouldBe(support);
    }
}
