using System.Globalization;
using System.Net;
using System.Text.Json;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Reports;
using AiGateway.Dashboard.IntegrationTests.Support;
using ClosedXML.Excel;

namespace AiGateway.Dashboard.IntegrationTests.Reports;

/// <summary>The chargeback journal over the demo: inherited finance codes, the unallocated spread, cents that tie to the total.</summary>
public class ChargebackTests(SharedDashboard dashboard)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Period LastMonth = Period.Containing(PeriodKind.Monthly, DateOnly.FromDateTime(DateTime.UtcNow)).Previous();

    private static List<string[]> Rows(string csv) =>
        csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => System.Text.RegularExpressions.Regex.Split(l, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")).ToList();

    [Fact]
    public async Task The_journal_sums_exactly_to_the_months_total_in_cents_with_the_unallocated_spread_on_its_own_lines()
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var total = JsonDocument.Parse(await client.GetStringAsync($"api/v1/spend?from={LastMonth.Start:yyyy-MM-dd}&to={LastMonth.End:yyyy-MM-dd}", Ct))
            .RootElement.GetProperty("total").GetDecimal();

        var response = await client.GetAsync($"api/v1/reports/chargeback/{LastMonth.Label}?format=csv", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csv = await response.Content.ReadAsStringAsync(Ct);
        csv.TrimStart('\uFEFF').ShouldStartWith("period,finance_code,cost_centre,gl_account,description,amount_minor,currency\r\n");
        var rows = Rows(csv);

        rows.Sum(r => long.Parse(r[5], CultureInfo.InvariantCulture)).ShouldBe(LargestRemainder.RoundHalfAway(Money.MicrosFromMajor(total), Chargeback.MicrosPerCent));
        rows.ShouldAllBe(r => r[0] == LastMonth.Label && r[3] == "6420" && r[6] == "USD");
        // Spend sits on projects and teams without codes; their cost centres' codes are inherited: every line has one.
        rows.ShouldAllBe(r => r[1].Length > 0);
        rows.ShouldContain(r => r[4].Contains("share of unallocated spend", StringComparison.Ordinal));
        rows.Select(r => (r[1], r[4])).Distinct().Count().ShouldBe(rows.Count);

        var xlsx = await client.GetAsync($"api/v1/reports/chargeback/{LastMonth.Label}?format=xlsx", Ct);
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var wb = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync(Ct));
        var sheet = wb.Worksheet(MonthlyWorkbookWriter.ChargebackSheet);
        sheet.Cell(2 + rows.Count + 1, 6).FormulaA1.ShouldBe($"SUM(F2:F{rows.Count + 1})");
        Enumerable.Range(2, rows.Count).Sum(i => (long)sheet.Cell(i, 6).GetDouble()).ShouldBe(rows.Sum(r => long.Parse(r[5], CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2026-13", "csv", HttpStatusCode.BadRequest)]
    [InlineData("NEXT", "pdf", HttpStatusCode.BadRequest)]
    [InlineData("LAST", "pdf", HttpStatusCode.BadRequest)]
    public async Task A_bad_month_or_format_is_a_clear_400(string month, string format, HttpStatusCode expected)
    {
        using var client = dashboard.Factory.CreateRealClient(DashboardFactory.SpendKey);
        var label = month switch { "NEXT" => LastMonth.Next().Next().Label, "LAST" => LastMonth.Label, _ => month };

        var response = await client.GetAsync($"api/v1/reports/chargeback/{label}?format={format}", Ct);

        response.StatusCode.ShouldBe(expected);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("parameter").GetString().ShouldBe(month == "LAST" ? "format" : "month");
    }

    [Fact]
    public async Task A_manager_sees_a_subtree_only_and_is_refused_the_whole_organizations_journal()
    {
        using var manager = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(manager, "manager");

        (await manager.GetAsync($"api/v1/reports/chargeback/{LastMonth.Label}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
