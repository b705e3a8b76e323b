using System.Text;

namespace AiGateway.Dashboard.Features.Explore;

/// <summary>
/// CSV for spreadsheets: fields quoted when needed, and any value a spreadsheet would run as a formula
/// (starting with =, +, -, @, tab or carriage return) prefixed with an apostrophe.
/// </summary>
public static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A number as written (never prefixed: negative amounts stay numbers).</summary>
    public static string Number(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Line(params string[] fields) => string.Join(',', fields) + "\r\n";

    public static byte[] Utf8(StringBuilder text) => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
}
