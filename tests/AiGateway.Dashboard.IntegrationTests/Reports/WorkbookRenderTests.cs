using System.Diagnostics;
using System.Globalization;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.IntegrationTests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AiGateway.Dashboard.IntegrationTests.Reports;

/// <summary>
/// The workbook as LibreOffice (headless, installed by test.sh) calculates and prints it: every formula's stored value
/// equals LibreOffice's own result, and the Summary prints on one page.
/// </summary>
public class WorkbookRenderTests(SharedDashboard dashboard)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Period LastMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(DateTime.UtcNow)).Previous();

    private async Task<byte[]> WorkbookAsync()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        return await client.GetByteArrayAsync($"api/v1/reports/monthly/{LastMonth.Label}", Ct);
    }

    /// <summary>Every formula cell's stored value, by sheet and address; with <paramref name="strip"/> the values are removed.</summary>
    private static Dictionary<(string Sheet, string Cell), string> FormulaValues(string path, bool strip = false)
    {
        var values = new Dictionary<(string, string), string>();
        using var document = SpreadsheetDocument.Open(path, isEditable: strip);
        var book = document.WorkbookPart!;
        foreach (var sheet in book.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)book.GetPartById(sheet.Id!);
            foreach (var cell in part.Worksheet.Descendants<Cell>().Where(c => c.CellFormula is not null))
            {
                values[(sheet.Name!, cell.CellReference!)] = cell.CellValue?.Text ?? "";
                if (strip) cell.CellValue?.Remove();
            }
            if (strip) part.Worksheet.Save();
        }
        return values;
    }

    private static async Task<string> ConvertAsync(string path, string format, string folder)
    {
        var profile = Path.Combine(folder, "profile");
        using var soffice = Process.Start(new ProcessStartInfo("soffice",
            ["-env:UserInstallation=file://" + profile, "--headless", "--convert-to", format, "--outdir", Path.Combine(folder, "out"), path])
            { RedirectStandardOutput = true, RedirectStandardError = true }) ?? throw new InvalidOperationException("soffice did not start (test.sh installs libreoffice-calc-nogui)");
        await soffice.WaitForExitAsync(Ct);
        var output = Path.Combine(folder, "out", Path.GetFileNameWithoutExtension(path) + "." + format.Split(':')[0]);
        File.Exists(output).ShouldBeTrue($"LibreOffice wrote nothing: {await soffice.StandardError.ReadToEndAsync(Ct)}");
        return output;
    }

    [Fact]
    public async Task Every_stored_formula_value_equals_LibreOffices_recalculation_and_the_Summary_prints_on_one_page()
    {
        var folder = Directory.CreateTempSubdirectory("aigw-lo-").FullName;
        try
        {
            var ours = Path.Combine(folder, "ours.xlsx");
            await File.WriteAllBytesAsync(ours, await WorkbookAsync(), Ct);
            var stored = FormulaValues(ours);
            stored.ShouldNotBeEmpty();
            stored.Where(v => v.Value.Length == 0).Select(v => $"{v.Key.Sheet}!{v.Key.Cell}").ShouldBeEmpty("every formula carries its value");

            // LibreOffice calculates a copy that has no stored values, so its results are its own.
            var bare = Path.Combine(folder, "bare.xlsx");
            File.Copy(ours, bare);
            FormulaValues(bare, strip: true);
            var recalculated = FormulaValues(await ConvertAsync(bare, "xlsx", folder));
            var differences = stored
                .Where(s => !recalculated.TryGetValue(s.Key, out var theirs) || !Same(s.Value, theirs))
                .Select(s => $"{s.Key.Sheet}!{s.Key.Cell}: ours {s.Value}, LibreOffice {recalculated.GetValueOrDefault(s.Key)}").ToList();
            differences.ShouldBeEmpty();

            // Printed: the Summary's page is followed straight by the Cost centres sheet.
            var pdf = await ConvertAsync(ours, "pdf", folder);
            using var text = Process.Start(new ProcessStartInfo("pdftotext", ["-f", "2", "-l", "2", "-layout", pdf, "-"]) { RedirectStandardOutput = true })!;
            var secondPage = await text.StandardOutput.ReadToEndAsync(Ct);
            await text.WaitForExitAsync(Ct);
            secondPage.ShouldContain(MonthlyWorkbookWriter.CostCentresSheet);
            secondPage.ShouldNotContain("Sign-off");
            secondPage.ShouldContain($"{LastMonth.Start:yyyy-MM-dd} – {LastMonth.End:yyyy-MM-dd} (UTC days)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Numbers equal to the micro-unit (money is six decimals at most); text exactly.
    private static bool Same(string ours, string theirs) =>
        double.TryParse(ours, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(theirs, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? Math.Abs(a - b) < 0.0000005 * Math.Max(1, Math.Abs(a) / 1_000_000)
            : ours == theirs;
}
