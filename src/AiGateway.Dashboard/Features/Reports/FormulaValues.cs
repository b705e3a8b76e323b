using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AiGateway.Dashboard.Features.Reports;

/// <summary>
/// ClosedXML 0.95 saves formulas without their values, so mail previews, pandas and openpyxl see empty totals. This
/// evaluates every formula with ClosedXML's own engine and writes the result into the saved file as the formula's
/// cached value (Excel and LibreOffice still recalculate on open). A formula the engine cannot evaluate is reported.
/// </summary>
public static class FormulaValues
{
    /// <summary>Saves <paramref name="wb"/> to <paramref name="output"/> with every formula's value stored beside it.</summary>
    public static void Save(XLWorkbook wb, Stream output)
    {
        // Evaluated on the workbook in memory (no second parse of the saved file), then written into the saved package.
        var values = new Dictionary<(string Sheet, string Address), object>();
        foreach (var ws in wb.Worksheets)
        {
            foreach (var cell in ws.CellsUsed(c => c.HasFormula))
            {
                object value;
                try { value = cell.Value; }
                catch (Exception ex) { throw new InvalidOperationException($"'{ws.Name}'!{cell.Address} ({cell.FormulaA1}) cannot be evaluated: {ex.Message}", ex); }
                values[(ws.Name, cell.Address.ToString()!)] = value;
            }
        }
        using var buffer = new MemoryStream();
        wb.SaveAs(buffer);
        using (var document = SpreadsheetDocument.Open(buffer, isEditable: true))
        {
            var book = document.WorkbookPart!;
            foreach (var sheet in book.Workbook.Sheets!.Elements<Sheet>())
            {
                var part = (WorksheetPart)book.GetPartById(sheet.Id!);
                foreach (var cell in part.Worksheet.Descendants<Cell>().Where(c => c.CellFormula is not null))
                {
                    if (!values.TryGetValue((sheet.Name!, cell.CellReference!), out var value)) continue;
                    cell.CellValue?.Remove();
                    switch (value)
                    {
                        case double or decimal or int or long:
                            cell.DataType = null;
                            cell.CellValue = new CellValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case bool b:
                            cell.DataType = CellValues.Boolean;
                            cell.CellValue = new CellValue(b);
                            break;
                        default:
                            cell.DataType = CellValues.String;
                            cell.CellValue = new CellValue(value.ToString() ?? "");
                            break;
                    }
                }
                part.Worksheet.Save();
            }
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }
}
