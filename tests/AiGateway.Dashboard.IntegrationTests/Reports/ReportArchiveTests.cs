using System.Net;
using System.Security.Cryptography;
using System.Text;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.IntegrationTests.Support;
using AiGateway.Dashboard.Tests.Support;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace AiGateway.Dashboard.IntegrationTests.Reports;

/// <summary>Archiving month-end workbooks: versions, checksums, what changed, e-mail to the finance list, the Reports page.</summary>
public class ReportArchiveTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Period LastMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(DateTime.UtcNow)).Previous();

    [Fact]
    public async Task Regenerating_a_month_keeps_both_versions_says_what_changed_and_mails_the_workbook()
    {
        await using var smtp = new SmtpListener();
        await using var factory = new DashboardFactory(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
            ["Reports:FinanceDistributionList:0"] = "controller@contoso.test",
        });
        _ = factory.BaseAddress;
        var service = factory.Services.GetRequiredService<MonthlyReportService>();
        // The demo seed archived version 1 already; the scheduled run adds version 2 and mails it.
        var first = await service.GenerateAsync(LastMonth, "schedule", sendEmail: true, Ct);
        first.Version.ShouldBe(2);
        first.Changes.ShouldBe("No figure changed since the previous version.");
        first.EmailedUtc.ShouldNotBeNull();

        // Late billing data: one unit's spend moves, then the month is generated again.
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            var search = await db.OrgUnits.SingleAsync(u => u.Code == "search-ranking", Ct);
            var row = await db.CostRecords.FirstAsync(r => r.OrgUnitId == search.Id && r.UsageDate >= LastMonth.Start && r.UsageDate <= LastMonth.End && r.CostMicros > 0, Ct);
            row.CostMicros += 12_500_000;
            await db.SaveChangesAsync(Ct);
            await AiGateway.Dashboard.Data.RollupBuilder.RebuildAsync(db, row.ConnectionId, new DateWindow(LastMonth.Start, LastMonth.End), Ct);
        }
        var second = await service.GenerateAsync(LastMonth, "fay.finance@demo.local", sendEmail: false, Ct);
        second.Version.ShouldBe(3);
        second.TotalMicros.ShouldBe(first.TotalMicros + 12_500_000);
        // Keyed by unit code: the unit and each unit above it moved.
        second.Changes.ShouldContain("Spend search-ranking +$12.50");
        second.Changes.ShouldContain("Spend search +$12.50");
        second.Changes.ShouldContain($"Total {Money.Reporting(first.TotalMicros).Format()} → {Money.Reporting(second.TotalMicros).Format()}");

        // Both versions download with the checksum they were archived with.
        using var client = factory.CreateRealClient(DashboardFactory.SpendKey);
        foreach (var archive in new[] { first, second })
        {
            var response = await client.GetAsync($"api/v1/reports/archive/{archive.Id}", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(archive.Sha256);
            response.Headers.GetValues("X-Checksum-Sha256").Single().ShouldBe(archive.Sha256);
        }
        using var manager = factory.CreateRealClient();
        await SignIn.AsAsync(manager, "manager");
        (await manager.GetAsync($"api/v1/reports/archive/{first.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The first version went to the finance list as an attachment that opens (the demo's budget alerts are mailed too).
        var mail = smtp.Messages.Where(m => m.To.Contains("controller@contoso.test")).ShouldHaveSingleItem();
        mail.To.ShouldBe(["controller@contoso.test"]);
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data)), Ct);
        message.Subject.ShouldBe($"AI spend workbook {LastMonth.Label} (version 2)");
        var attachment = message.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
        attachment.FileName.ShouldBe($"ai-spend-{LastMonth.Label}-v2.xlsx");
        var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content, Ct);
        Convert.ToHexStringLower(SHA256.HashData(content.ToArray())).ShouldBe(first.Sha256);
    }

    [Fact]
    public async Task Finance_generates_in_the_background_sees_the_progress_and_downloads_from_the_Reports_page()
    {
        await using var factory = new DashboardFactory();
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await page.GotoAsync("reports");
        await page.ClickAsync("[data-testid=persona-finance]");
        await Circuit.LiveAsync(page);
        // The demo archived last month's workbook (Preliminary: open) and, closing it, the month before's (Final);
        // generating last month again adds version 2 and finds nothing changed.
        await Assertions.Expect(page.Locator("[data-testid=archive-row]")).ToHaveCountAsync(2);
        (await page.Locator("[data-testid=archive-status]").AllInnerTextsAsync()).ShouldBe(["Preliminary", "Final"]);
        await page.ClickAsync("[data-testid=report-generate]");
        await Assertions.Expect(page.Locator("[data-testid=report-progress]")).ToContainTextAsync("Archived as version 2", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=archive-row]")).ToHaveCountAsync(3);
        var newest = await page.Locator("[data-testid=archive-row]").First.InnerTextAsync();
        newest.ShouldContain(LastMonth.Label);
        newest.ShouldContain("No figure changed since the previous version.");
        await Assertions.Expect(page.Locator("[data-testid=report-generate]")).ToBeEnabledAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=report-download]"));
        download.SuggestedFilename.ShouldBe($"ai-spend-{LastMonth.Label}.xlsx");
        var path = Path.Combine(Path.GetTempPath(), $"aigw-dl-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        try
        {
            using var wb = new XLWorkbook(path);
            wb.Worksheet(MonthlyWorkbookWriter.SummarySheet).Cell("A1").GetString().ShouldBe($"AI spend — {LastMonth.Label}");
        }
        finally { File.Delete(path); }
        Directory.CreateDirectory("artifacts");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine("artifacts", "reports.png"), FullPage = true });
    }
}
