using System.Globalization;
using AiGateway.Dashboard.Domain;
using ClosedXML.Excel;

namespace AiGateway.Dashboard.Features.Reports;

/// <summary>
/// Writes the month-end workbook with ClosedXML: real number formats (currency, percentages, dates), frozen
/// header rows, autofilters, widths measured from the content here (ClosedXML's own auto-fit needs GDI+, absent on Linux), totals and
/// subtotals as formulas Excel recomputes, and every id and name written as text — a project called
/// <c>=HYPERLINK(…)</c> stays a string. Formulas are built from cell addresses only, never from data.
/// </summary>
public static class MonthlyWorkbookWriter
{
    /// <summary>The number format of amounts: the reporting currency's ("$" before, or the code after the number).</summary>
    public static string Currency => MoneyFormat("#,##0.00");

    private static string MoneyFormat(string number) => Domain.ReportingCurrency.Code == Domain.Money.Usd
        ? $"\"$\"{number};-\"$\"{number}"
        : $"{number} \"{Domain.ReportingCurrency.Code}\";-{number} \"{Domain.ReportingCurrency.Code}\"";
    public const string Percent = "0.0%";
    public const string Date = "yyyy-mm-dd";
    public const string DateTimeFormat = "yyyy-mm-dd hh:mm";
    public const string Integer = "#,##0";

    public const string SummarySheet = "Summary";
    public const string CostCentresSheet = "Cost centres";
    public const string ProvidersSheet = "Providers & models";
    public const string DailySheet = "Daily";
    public const string ApprovalsSheet = "Approvals";
    public const string UnallocatedSheet = "Unallocated";
    public const string AnomaliesSheet = "Anomalies";
    public const string ChargebackSheet = "Chargeback";
    public const string ReconciliationSheet = "Reconciliation";
    public const string AccrualsSheet = "Accruals";
    public const string CurrenciesSheet = "Currencies";

    public static void Write(MonthlyReport report, Stream output)
    {
        using var wb = new XLWorkbook();
        var summary = wb.Worksheets.Add(SummarySheet);
        var (allocated, budgetedSpend, budgets) = CostCentres(wb, report);
        var providersTotal = ProvidersAndModels(wb, report);
        Daily(wb, report);
        Approvals(wb, report);
        var unallocatedTotal = Unallocated(wb, report);
        Anomalies(wb, report);
        if (report.Chargeback is { } journal) Chargeback(wb, journal);
        if (report.Reconciliation is { } reconciliation) Reconciliation(wb, reconciliation);
        if (report.Accruals is not null || report.TrueUps is { Count: > 0 }) Accruals(wb, report);
        if (report.Currencies is { } currencies && currencies.Any(c => c.OriginalCurrency != Domain.ReportingCurrency.Code)) Currencies(wb, report);
        Summary(summary, report, providersTotal, unallocatedTotal, budgetedSpend, budgets);
        foreach (var ws in wb.Worksheets)
        {
            // Landscape, one page wide, the header row on every page; the Summary on one page.
            ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
            if (ws.Name == SummarySheet) ws.PageSetup.FitToPages(1, 1);
            else
            {
                ws.PageSetup.FitToPages(1, 0);
                ws.PageSetup.SetRowsToRepeatAtTop(1, 1);
            }
            ws.PageSetup.Header.Center.AddText($"{report.Month.Start:yyyy-MM-dd} – {report.Month.End:yyyy-MM-dd} (UTC days), amounts in {Domain.ReportingCurrency.Code}");
            // Every printed page says which month, whether the figures are final, and where it is in the pack.
            ws.PageSetup.Footer.Left.AddText($"AI spend {report.Month.Label} — {report.Books.Status}");
            ws.PageSetup.Footer.Center.AddText(ws.Name);
            var right = ws.PageSetup.Footer.Right;
            right.AddText("Page ");
            right.AddText(XLHFPredefinedText.PageNumber);
            right.AddText(" of ");
            right.AddText(XLHFPredefinedText.NumberOfPages);
        }
        wb.CalculateMode = XLCalculateMode.Auto;
        // Saved with every formula's value, so that previews and libraries that do not calculate see the figures.
        FormulaValues.Save(wb, output);
    }

    private static void Summary(IXLWorksheet ws, MonthlyReport r, string providersTotal, string? unallocatedTotal, string budgetedSpend, string budgets)
    {
        var s = new Sheet(ws);
        s.Text(1, 1, $"AI spend — {r.Month.Label}").Style.Font.SetBold().Font.SetFontSize(14);
        s.Text(2, 1, r.ScopeLabel);
        s.Text(3, 1, "Status");
        s.Text(3, 2, r.Books.Statement).Style.Font.SetBold();
        s.Text(4, 1, "Period");
        s.Text(4, 2, $"{r.Month.Start:yyyy-MM-dd} to {r.Month.End:yyyy-MM-dd} (UTC days, both included)"
            + (r.PartialFrom is { } from ? $"; partly covered: no data before {from:yyyy-MM-dd}" : ""));
        s.Text(5, 1, "Currency");
        s.Text(5, 2, Domain.ReportingCurrency.Code);
        var row = 7;
        s.Text(row, 1, "Month total");
        s.Formula(row, 2, $"'{ProvidersSheet}'!{providersTotal}", Currency).Style.Font.SetBold();
        var totalRow = row++;
        s.Text(row, 1, $"Previous month ({r.Month.Previous().Label})");
        s.Money(row, 2, r.LastMonthMicros);
        var lastRow = row++;
        s.Text(row, 1, "Change vs previous month");
        s.Formula(row, 2, $"B{totalRow}-B{lastRow}", Currency);
        s.Formula(row, 3, $"IF(B{lastRow}=0,\"\",B{totalRow}/B{lastRow}-1)", Percent);
        row++;
        s.Text(row, 1, "Monthly budgets (top-most budgeted units)");
        if (r.BudgetMicros is not null)
        {
            s.Formula(row, 2, $"'{CostCentresSheet}'!{budgets}", Currency);
            var budgetRow = row++;
            s.Text(row, 1, "Spend of the units with a monthly budget");
            s.Formula(row, 2, $"'{CostCentresSheet}'!{budgetedSpend}", Currency);
            var spentRow = row++;
            s.Text(row, 1, "Against those budgets in total (left, or over if negative)");
            s.Formula(row, 2, $"B{budgetRow}-B{spentRow}", Currency);
            s.Formula(row, 3, $"IF(B{budgetRow}=0,\"\",B{spentRow}/B{budgetRow})", Percent);
            row++;
        }
        else
        {
            s.Text(row++, 2, "no monthly budget in this scope");
        }
        s.Text(row, 1, "Units over their monthly budget");
        s.Number(row++, 2, r.OverBudget.Count, "0");
        if (r.ScopeIsAll && unallocatedTotal is not null)
        {
            s.Text(row, 1, "Unallocated");
            s.Formula(row, 2, $"'{UnallocatedSheet}'!{unallocatedTotal}", Currency);
            row++;
        }
        if (r.Chargeback is { } journal)
        {
            s.Text(row, 1, "Chargeback journal total");
            s.Number(row++, 2, journal.Lines.Sum(l => l.AmountMinor) / 100m, Currency);
        }
        var adjustments = r.Books.AdjustmentsBooked;
        s.Text(row, 1, "Prior-period adjustments booked this month");
        s.Money(row++, 2, adjustments.Sum(a => a.CostMicros));
        if (r.Books.Final && r.Books.RestatedSinceCloseMicros != 0)
        {
            s.Text(row, 1, "Restated since close (booked in later months)");
            s.Money(row++, 2, r.Books.RestatedSinceCloseMicros);
        }
        s.Text(row, 1, "Generated (UTC)");
        s.DateTime(row++, 2, r.GeneratedUtc);
        s.Text(row, 1, "Generator");
        s.Text(row++, 2, $"AiGateway.Dashboard {r.GeneratorVersion}");

        if (r.OverBudget.Count > 0)
        {
            row++;
            s.Text(row++, 1, "Units over their monthly budget").Style.Font.SetBold();
            s.Header(row++, "Org unit", "Monthly budget", "Spend incl. units below", "% used");
            foreach (var u in r.OverBudget.Take(15))
            {
                s.Text(row, 1, u.Unit.Name);
                s.Money(row, 2, u.BudgetMicros!.Value);
                s.Money(row, 3, u.TotalMicros);
                s.Formula(row, 4, $"IF(B{row}=0,\"\",C{row}/B{row})", Percent);
                row++;
            }
            if (r.OverBudget.Count > 15) s.Text(row++, 1, $"and {r.OverBudget.Count - 15} more (Cost centres sheet)");
        }

        if (r.PeriodBudgets.Count > 0)
        {
            row++;
            s.Text(row++, 1, "Quarter and year to date").Style.Font.SetBold();
            s.Header(row++, "Org unit", "Budget", "Period", $"Spend to {r.Month.End:yyyy-MM-dd}", "% used");
            foreach (var p in r.PeriodBudgets)
            {
                s.Text(row, 1, p.OrgUnit);
                s.Money(row, 2, p.BudgetMicros);
                s.Text(row, 3, $"{(p.Kind == PeriodKind.Quarterly ? "Quarter" : "Year")} {p.Period.Start:yyyy-MM-dd} – {p.Period.End:yyyy-MM-dd}"
                    + (p.DataFrom is { } dataFrom ? $" (partly covered: no data before {dataFrom:yyyy-MM-dd})" : ""));
                s.Money(row, 4, p.SpentToDateMicros);
                s.Formula(row, 5, $"IF(B{row}=0,\"\",D{row}/B{row})", Percent);
                row++;
            }
        }

        row++;
        s.Text(row++, 1, $"Top movers vs previous month (teams)").Style.Font.SetBold();
        s.Header(row++, "Team", "This month", "Previous month", "Change");
        foreach (var m in r.TopMovers)
        {
            s.Text(row, 1, m.OrgUnit);
            s.Money(row, 2, m.ThisMonthMicros);
            s.Money(row, 3, m.LastMonthMicros);
            s.Formula(row, 4, $"B{row}-C{row}", Currency);
            row++;
        }
        if (r.TopMovers.Count == 0) s.Text(row++, 1, "No change.");

        if (adjustments.Count > 0)
        {
            row++;
            s.Text(row++, 1, "Prior-period adjustments booked this month").Style.Font.SetBold();
            s.Header(row++, "Corrects", "Found (UTC)", "Org unit", "Provider", "Model", "Amount");
            foreach (var a in adjustments)
            {
                s.Text(row, 1, a.Restated.Label);
                s.Date(row, 2, a.FoundOn);
                s.Text(row, 3, a.OrgUnit);
                s.Text(row, 4, a.Provider.ToString());
                s.Text(row, 5, a.Model);
                s.Money(row, 6, a.CostMicros);
                row++;
            }
        }

        row++;
        s.Text(row++, 1, "Data freshness").Style.Font.SetBold();
        s.Header(row++, "Connection", "Provider", "Last successful sync (UTC)", "Last run", "Data through");
        foreach (var f in r.Freshness)
        {
            s.Text(row, 1, f.Connection);
            s.Text(row, 2, f.Provider.ToString());
            if (f.LastSuccessUtc is { } ok) s.DateTime(row, 3, ok); else s.Text(row, 3, "never");
            s.Text(row, 4, f.LastStatus ?? "never run");
            if (f.DataThrough is { } through) s.Date(row, 5, through);
            row++;
        }

        // Sign-off: who prepared and reviewed the pack, and on what status.
        row++;
        s.Text(row++, 1, "Sign-off").Style.Font.SetBold();
        foreach (var (label, value) in new[] { ("Prepared by", ""), ("Reviewed by", ""), ("Status", r.Books.Status), ("Date", "") })
        {
            s.Text(row, 1, label);
            var cell = s.Text(row, 2, value);
            cell.Style.Border.BottomBorder = XLBorderStyleValues.Thin;
            row++;
        }
        s.Finish();
    }

    /// <returns>
    /// The addresses of the allocated total, of the spend of the top-most budgeted units and of their budgets.
    /// </returns>
    private static (string Allocated, string BudgetedSpend, string Budgets) CostCentres(XLWorkbook wb, MonthlyReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(CostCentresSheet));
        s.Header(1, "Org unit", "Code", "Finance code", "Kind", "Level", $"Direct spend ({Domain.ReportingCurrency.Code})", $"Spend incl. units below ({Domain.ReportingCurrency.Code})", $"Monthly budget ({Domain.ReportingCurrency.Code})", $"Variance ({Domain.ReportingCurrency.Code})", "% used");
        var first = 2;
        // The tree is written in order, so a unit's subtree is its own row down to its last descendant's.
        var subtreeEnd = new int[r.Units.Count];
        for (var i = r.Units.Count - 1; i >= 0; i--)
        {
            var end = i;
            while (end + 1 < r.Units.Count && r.Units[end + 1].Depth > r.Units[i].Depth) end = subtreeEnd[end + 1];
            subtreeEnd[i] = end;
        }
        var row = first;
        for (var i = 0; i < r.Units.Count; i++, row++)
        {
            var u = r.Units[i];
            var name = s.Text(row, 1, u.Unit.Name);
            name.Style.Alignment.Indent = u.Depth;
            if (u.Depth == 0) name.Style.Font.SetBold();
            s.Text(row, 2, u.Unit.Code);
            s.Text(row, 3, u.FinanceCode ?? "");
            s.Text(row, 4, u.Unit.Kind.ToString());
            s.Number(row, 5, u.Depth, "0");
            s.Money(row, 6, u.DirectMicros);
            s.Formula(row, 7, $"SUM(F{row}:F{first + subtreeEnd[i]})", Currency);
            if (u.BudgetMicros is { } budget)
            {
                s.Money(row, 8, budget);
                s.Formula(row, 9, $"H{row}-G{row}", Currency);
                s.Formula(row, 10, $"IF(H{row}=0,\"\",G{row}/H{row})", Percent);
            }
        }
        var last = Math.Max(first, row - 1);
        if (r.Units.Count > 0) s.AutoFilter(1, last, 10);
        row++;
        s.Text(row, 1, "Allocated").Style.Font.SetBold();
        // The top units' subtotals add up to everything allocated.
        s.SumOf(row, 7, "G", Rows(r, u => u.Depth == 0, first), r.Units.Where(u => u.Depth == 0).Sum(u => u.TotalMicros));
        var allocated = row++;
        if (r.ScopeIsAll)
        {
            s.Text(row, 1, "Unallocated");
            s.Money(row, 7, r.UnallocatedMicros);
            row++;
        }
        s.Text(row, 1, "Total").Style.Font.SetBold();
        s.Formula(row, 7, r.ScopeIsAll ? $"G{allocated}+G{allocated + 1}" : $"G{allocated}", Currency).Style.Font.SetBold();
        row += 2;
        s.Text(row, 1, "Units with a monthly budget (top-most)");
        var counted = Rows(r, u => u.CountsTowardBudget, first);
        s.SumOf(row, 7, "G", counted, r.Units.Where(u => u.CountsTowardBudget).Sum(u => u.TotalMicros));
        s.SumOf(row, 8, "H", counted, r.Units.Where(u => u.CountsTowardBudget).Sum(u => u.BudgetMicros ?? 0));
        s.Finish();
        return ($"$G${allocated}", $"$G${row}", $"$H${row}");
    }

    private static List<int> Rows(MonthlyReport r, Func<ReportUnit, bool> which, int first) =>
        r.Units.Select((u, i) => (u, i)).Where(x => which(x.u)).Select(x => first + x.i).ToList();

    /// <returns>The address of the grand total cost.</returns>
    private static string ProvidersAndModels(XLWorkbook wb, MonthlyReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(ProvidersSheet));
        s.Header(1, "Provider", "Model", $"Cost ({Domain.ReportingCurrency.Code})", "Input tokens", "Cached input tokens", "Output tokens", "Requests", $"Cost per 1k tokens ({Domain.ReportingCurrency.Code})");
        var row = 2;
        foreach (var p in r.ProvidersAndModels)
        {
            s.Text(row, 1, p.Provider.ToString());
            s.Text(row, 2, p.Model);
            s.Money(row, 3, p.CostMicros);
            s.Number(row, 4, p.InputTokens, Integer);
            s.Number(row, 5, p.CachedInputTokens, Integer);
            s.Number(row, 6, p.OutputTokens, Integer);
            s.Number(row, 7, p.Requests, Integer);
            s.Formula(row, 8, $"IF((D{row}+F{row})=0,\"\",C{row}/(D{row}+F{row})*1000)", MoneyFormat("#,##0.0000"));
            row++;
        }
        var last = row - 1;
        // The filter covers the data rows only: sorting them cannot scramble the subtotals below.
        if (last >= 2) s.AutoFilter(1, last, 8);
        row++;
        string Data(int col) => last >= 2 ? $"{Col(col)}$2:{Col(col)}${last}" : "";
        var columns = new[] { (3, Currency), (4, Integer), (5, Integer), (6, Integer), (7, Integer) };
        foreach (var provider in r.ProvidersAndModels.Select(p => p.Provider).Distinct())
        {
            s.Text(row, 1, provider.ToString());
            s.Text(row, 2, "Subtotal").Style.Font.SetItalic();
            foreach (var (col, format) in columns) s.Formula(row, col, $"SUMIF($A$2:$A${last},$A{row},{Data(col)})", format);
            row++;
        }
        s.Text(row, 1, "Total").Style.Font.SetBold();
        foreach (var (col, format) in columns) s.Formula(row, col, last >= 2 ? $"SUM({Data(col)})" : "0", format).Style.Font.SetBold();
        s.Finish();
        return $"$C${row}";
    }

    private static void Daily(XLWorkbook wb, MonthlyReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(DailySheet));
        s.Header(1, "Date", "Provider", "Cost", "Input tokens", "Output tokens", "Requests");
        var row = 2;
        foreach (var d in r.Daily)
        {
            s.Date(row, 1, d.Day);
            s.Text(row, 2, d.Provider.ToString());
            s.Money(row, 3, d.CostMicros);
            s.Number(row, 4, d.InputTokens, Integer);
            s.Number(row, 5, d.OutputTokens, Integer);
            s.Number(row, 6, d.Requests, Integer);
            row++;
        }
        Totals(s, row, 6, [3, 4, 5, 6], [Currency, Integer, Integer, Integer]);
    }

    private static void Approvals(XLWorkbook wb, MonthlyReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(ApprovalsSheet));
        s.Header(1, "Org unit", "Requested by", "Requested (UTC)", "Asked per period", "Approved per period", "Covers", "Decision", "First approver", "First approved (UTC)",
            "Decided by", "Decided (UTC)", "Comment");
        var row = 2;
        foreach (var a in r.Approvals)
        {
            s.Text(row, 1, a.OrgUnit);
            s.Text(row, 2, a.Requester);
            s.DateTime(row, 3, a.RequestedUtc);
            s.Money(row, 4, a.RequestedMicros);
            if (a.ApprovedMicros is { } ap) s.Money(row, 5, ap);
            s.Text(row, 6, a.Covers);
            s.Text(row, 7, a.Status);
            s.Text(row, 8, a.FirstApprover ?? "");
            if (a.FirstApprovedUtc is { } fa) s.DateTime(row, 9, fa);
            s.Text(row, 10, a.DecidedBy);
            s.DateTime(row, 11, a.DecidedUtc);
            s.Text(row, 12, a.Comment ?? "");
            row++;
        }
        Totals(s, row, 12, [4, 5], [Currency, Currency]);
    }

    /// <returns>The address of the unallocated total, or null when the scope has no unallocated spend.</returns>
    private static string? Unallocated(XLWorkbook wb, MonthlyReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(UnallocatedSheet));
        if (!r.ScopeIsAll)
        {
            s.Text(1, 1, "Unallocated spend belongs to no org unit, so it is not part of a subtree's workbook.");
            s.Finish();
            return null;
        }
        s.Header(1, "Provider", "Connection", "Project id", "Project", "API key id", "API key", "Cost", "Requests");
        var row = 2;
        foreach (var u in r.Unallocated)
        {
            s.Text(row, 1, u.Provider.ToString());
            s.Text(row, 2, u.Connection);
            s.Text(row, 3, u.Project);
            s.Text(row, 4, u.ProjectName);
            s.Text(row, 5, u.ApiKey);
            s.Text(row, 6, u.ApiKeyName);
            s.Money(row, 7, u.CostMicros);
            s.Number(row, 8, u.Requests, Integer);
            row++;
        }
        return Totals(s, row, 8, [7, 8], [Currency, Integer]);
    }

    private static void Anomalies(XLWorkbook wb, MonthlyReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(AnomaliesSheet));
        s.Header(1, "Date", "Kind", "Subject", "Org unit code", "Model", "Spend that day", "Normal for that day", "Above normal");
        var row = 2;
        foreach (var a in r.Anomalies)
        {
            s.Date(row, 1, a.Anomaly.Date);
            s.Text(row, 2, a.SubjectKind);
            s.Text(row, 3, a.Subject);
            s.Text(row, 4, a.OrgUnitCode ?? "");
            s.Text(row, 5, a.Model ?? "");
            s.Money(row, 6, a.Anomaly.ActualMicros);
            s.Money(row, 7, a.Anomaly.BaselineMicros);
            s.Formula(row, 8, $"F{row}-G{row}", Currency);
            row++;
        }
        if (row > 2) s.AutoFilter(1, row - 1, 8);
        s.Finish();
    }

    /// <summary>The bill against the gateways' estimates per provider and project, with each row's class.</summary>
    private static void Reconciliation(XLWorkbook wb, Reconciliation.ReconciliationReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(ReconciliationSheet));
        s.Header(1, "Provider", "Project", "Billed", "Estimated (billed days)", "Difference", "Difference %", "Not yet billed (estimated)", "Gateway's own cost", "Events", "Unpriced events", "Class");
        var row = 2;
        foreach (var line in r.Rows)
        {
            var f = line.Figures;
            s.Text(row, 1, line.Provider?.ToString() ?? "");
            s.Text(row, 2, string.IsNullOrEmpty(line.Project) ? "(no project)" : line.Project);
            s.Money(row, 3, f.BilledMicros);
            s.Money(row, 4, f.EstimatedMicros);
            s.Formula(row, 5, $"D{row}-C{row}", Currency);
            s.Formula(row, 6, $"IF(C{row}=0,\"\",E{row}/C{row})", Percent);
            s.Money(row, 7, f.PendingMicros);
            if (f.GatewayCostEvents > 0) s.Money(row, 8, f.GatewayCostMicros); else s.Text(row, 8, "");
            s.Number(row, 9, f.Events, Integer);
            s.Number(row, 10, f.UnpricedEvents, Integer);
            s.Text(row, 11, Features.Reconciliation.ReconciliationEndpoints.ClassName(line.Class));
            row++;
        }
        Totals(s, row, 11, [3, 4, 5, 7], [Currency, Currency, Currency, Currency]);
    }

    /// <summary>Preliminary: each provider's billed to date and accrual; Final: the true-up of the last accrual against the final bill.</summary>
    /// <summary>What each provider billed in each currency, in that currency and in USD, and the rate table the month converted at.</summary>
    private static void Currencies(XLWorkbook wb, MonthlyReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(CurrenciesSheet));
        s.Header(1, "Provider", "Billed in", "Rows", "Amount as billed", $"Amount ({Domain.ReportingCurrency.Code})", "Rows waiting for a rate");
        var row = 2;
        foreach (var c in r.Currencies!)
        {
            s.Text(row, 1, c.Provider.ToString());
            s.Text(row, 2, c.OriginalCurrency);
            s.Number(row, 3, c.Rows, Integer);
            s.Number(row, 4, new Domain.Money(c.OriginalMicros, c.OriginalCurrency).ToMajor(), "#,##0.00####");
            s.Money(row, 5, c.ReportingMicros);
            s.Number(row, 6, c.UnconvertedRows, Integer);
            row++;
        }
        row++;
        s.Text(row, 1, "Rates used: 1 unit of the first currency in the second, per UTC day (a day without a rate takes the latest earlier business day's)").Style.Font.SetBold();
        row++;
        s.Header(row, "Day (UTC)", "1 unit of", "Rate", "in", "Source");
        row++;
        foreach (var x in r.Rates ?? [])
        {
            s.Text(row, 1, x.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            s.Text(row, 2, x.From);
            s.Number(row, 3, x.Rate, "0.0000######");
            s.Text(row, 4, x.To);
            s.Text(row, 5, x.Source);
            row++;
        }
        s.Finish();
    }

    private static void Accruals(XLWorkbook wb, MonthlyReport r)
    {
        var s = new Sheet(wb.Worksheets.Add(AccrualsSheet));
        var row = 2;
        if (r.Accruals is { } accruals)
        {
            s.Header(1, "Provider", "Billed to date", "Billed through (UTC)", "Accrued", "How", "Expected");
            foreach (var a in accruals.Where(a => a.BilledMicros != 0 || a.AccruedMicros != 0))
            {
                s.Text(row, 1, a.Provider.ToString());
                s.Money(row, 2, a.BilledMicros);
                if (a.BilledThrough is { } through) s.Date(row, 3, through); else s.Text(row, 3, "");
                s.Money(row, 4, a.AccruedMicros);
                s.Text(row, 5, a.Description);
                s.Formula(row, 6, $"B{row}+D{row}", Currency);
                row++;
            }
            Totals(s, row, 6, [2, 4, 6], [Currency, Currency, Currency]);
            return;
        }
        s.Header(1, "Provider", "Last accrual (UTC)", "Billed then", "Accrued then", "Finally billed", "True-up");
        foreach (var (snapshot, final) in r.TrueUps!)
        {
            s.Text(row, 1, snapshot.Provider.ToString());
            s.Text(row, 2, snapshot.AsOfUtc.ToString("yyyy-MM-dd HH:mm"));
            s.Money(row, 3, snapshot.BilledMicros);
            s.Money(row, 4, snapshot.AccruedMicros);
            s.Money(row, 5, final);
            s.Formula(row, 6, $"E{row}-C{row}-D{row}", Currency);
            row++;
        }
        Totals(s, row, 6, [3, 4, 5, 6], [Currency, Currency, Currency, Currency]);
    }

    /// <summary>Autofilter over the data, then a "Total" row of SUM formulas one row below it.</summary>
    private static string Totals(Sheet s, int nextRow, int columns, int[] sumColumns, string[] formats)
    {
        if (nextRow > 2) s.AutoFilter(1, nextRow - 1, columns);
        var row = nextRow + 1;
        s.Text(row, 1, "Total").Style.Font.SetBold();
        for (var i = 0; i < sumColumns.Length; i++)
        {
            var c = sumColumns[i];
            s.Formula(row, c, nextRow > 2 ? $"SUM({Col(c)}2:{Col(c)}{nextRow - 1})" : "0", formats[i]).Style.Font.SetBold();
        }
        s.Finish();
        return $"${Col(sumColumns[0])}${row}";
    }

    /// <summary>The journal alone, as the chargeback endpoint's xlsx.</summary>
    public static void WriteChargeback(ChargebackJournal journal, Stream output)
    {
        using var wb = new XLWorkbook();
        Chargeback(wb, journal);
        wb.CalculateMode = XLCalculateMode.Auto;
        // Saved with every formula's value, so that previews and libraries that do not calculate see the figures.
        FormulaValues.Save(wb, output);
    }

    /// <summary>One line per finance code × GL account in cents (largest remainder: they sum to the month's total in cents).</summary>
    private static void Chargeback(XLWorkbook wb, ChargebackJournal journal)
    {
        var s = new Sheet(wb.Worksheets.Add(ChargebackSheet));
        s.Header(1, "Period", "Finance code", "Cost centre", "GL account", "Description", $"Amount ({journal.Currency} cents)", "Currency");
        var row = 2;
        foreach (var line in journal.Lines)
        {
            s.Text(row, 1, journal.Month.Label);
            s.Text(row, 2, line.FinanceCode);
            s.Text(row, 3, line.CostCentre);
            s.Text(row, 4, line.GlAccount);
            s.Text(row, 5, line.Description);
            s.Number(row, 6, line.AmountMinor, "#,##0");
            s.Text(row, 7, journal.Currency);
            row++;
        }
        if (row > 2) s.AutoFilter(1, row - 1, 7);
        row++;
        s.Text(row, 5, "Total").Style.Font.SetBold();
        s.Formula(row, 6, row > 3 ? $"SUM(F2:F{row - 2})" : "0", "#,##0").Style.Font.SetBold();
        s.Text(row, 7, journal.Currency);
        s.Finish();
    }

    private static string Col(int column) => XLHelper.GetColumnLetterFromNumber(column);

    /// <summary>Writes cells with their format and keeps the widest text per column for the widths.</summary>
    private sealed class Sheet(IXLWorksheet ws)
    {
        private readonly Dictionary<int, int> _widths = [];

        public IXLCell Header(int row, params string[] titles)
        {
            IXLCell cell = null!;
            for (var i = 0; i < titles.Length; i++)
            {
                cell = Text(row, i + 1, titles[i]);
                cell.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#E8EAF6"));
            }
            if (row == 1) ws.SheetView.FreezeRows(1);
            return cell;
        }

        /// <summary>Always a string: ids like "00123", names like "1/2" or "=HYPERLINK(…)" stay exactly as given.</summary>
        public IXLCell Text(int row, int column, string text)
        {
            var cell = ws.Cell(row, column);
            cell.SetValue(text);
            cell.DataType = XLDataType.Text;
            Measure(column, text.Length);
            return cell;
        }

        public IXLCell Money(int row, int column, long micros) => Number(row, column, Domain.Money.Reporting(micros).ToMajor(), Currency);

        public IXLCell Number(int row, int column, decimal value, string format)
        {
            var cell = ws.Cell(row, column);
            cell.SetValue(value);
            cell.Style.NumberFormat.Format = format;
            Measure(column, value.ToString("N2", CultureInfo.InvariantCulture).Length + 2);
            return cell;
        }

        public IXLCell Date(int row, int column, DateOnly date)
        {
            var cell = ws.Cell(row, column);
            cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
            cell.Style.NumberFormat.Format = MonthlyWorkbookWriter.Date;
            Measure(column, 10);
            return cell;
        }

        public IXLCell DateTime(int row, int column, DateTime value)
        {
            var cell = ws.Cell(row, column);
            cell.SetValue(value);
            cell.Style.NumberFormat.Format = DateTimeFormat;
            Measure(column, 16);
            return cell;
        }

        public IXLCell Formula(int row, int column, string formula, string format)
        {
            var cell = ws.Cell(row, column);
            cell.FormulaA1 = formula;
            cell.Style.NumberFormat.Format = format;
            Measure(column, 14);
            return cell;
        }

        /// <summary>SUM of the given rows of one column (built from addresses only); a list too long for a formula is written as its value.</summary>
        public IXLCell SumOf(int row, int column, string letter, IReadOnlyList<int> rows, long micros) =>
            rows.Count == 0 ? Money(row, column, 0)
            : rows.Count > 250 ? Money(row, column, micros)
            : Formula(row, column, "SUM(" + string.Join(",", rows.Select(x => $"{letter}{x}")) + ")", Currency);

        public void AutoFilter(int firstRow, int lastRow, int lastColumn) => ws.Range(firstRow, 1, lastRow, lastColumn).SetAutoFilter();

        public void Finish()
        {
            foreach (var (column, chars) in _widths) ws.Column(column).Width = Math.Clamp(chars + 2, 8, 60);
        }

        private void Measure(int column, int chars) => _widths[column] = Math.Max(_widths.GetValueOrDefault(column), chars);
    }
}
