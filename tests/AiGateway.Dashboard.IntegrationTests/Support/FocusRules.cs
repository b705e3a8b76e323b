using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>
/// The FOCUS MUST rules of the columns we emit, per version (1.2; 1.3 adds ServiceProviderName and HostProviderName),
/// written from the specification's column pages: presence, nullability, allowed values and formats, and the
/// conditional rules between ChargeCategory, ChargeClass, the quantities and their units. Returns every violation.
/// </summary>
public static class FocusRules
{
    private static readonly string[] Mandatory12 =
    [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
        "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity",
        "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    ];

    // Mandatory columns that allow no null (ChargeClass, the pricing pair and ChargeDescription have conditional rules).
    private static readonly string[] NotNull12 =
    [
        "BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargePeriodEnd", "ChargePeriodStart",
        "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    ];

    private static readonly string[] Decimals = ["BilledCost", "ContractedCost", "EffectiveCost", "ListCost", "PricingQuantity", "ConsumedQuantity"];
    private static readonly string[] Timestamps = ["BillingPeriodEnd", "BillingPeriodStart", "ChargePeriodEnd", "ChargePeriodStart"];
    private static readonly string[] ChargeCategories = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"];
    private static readonly string[] ChargeFrequencies = ["One-Time", "Recurring", "Usage-Based"];
    private static readonly string[] ServiceCategories =
    [
        "AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases", "Developer Tools", "Multicloud", "Identity",
        "Integration", "Internet of Things", "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security", "Storage", "Web", "Other",
    ];
    private static readonly string[] AiSubcategories = ["AI Platforms", "Bots", "Generative AI", "Machine Learning", "Natural Language Processing", "Other (AI and Machine Learning)"];

    public static IReadOnlyList<string> Violations(byte[] file, string version)
    {
        var errors = new List<string>();
        if (file.Length >= 3 && file[0] == 0xEF && file[1] == 0xBB && file[2] == 0xBF) errors.Add("the file starts with a byte-order mark");
        var rows = Parse(Encoding.UTF8.GetString(file).TrimStart('\uFEFF'));
        if (rows.Count == 0) return ["the file is empty"];
        var header = rows[0];
        var required = version == "1.3" ? [.. Mandatory12, "ServiceProviderName", "HostProviderName"] : Mandatory12;
        foreach (var column in required.Where(c => !header.Contains(c))) errors.Add($"column {column} is missing");
        foreach (var column in header.Where(c => !c.StartsWith("x_", StringComparison.Ordinal) && c.Any(ch => !char.IsAsciiLetterOrDigit(ch)))) errors.Add($"column {column} is not PascalCase alphanumeric");
        var notNull = version == "1.3" ? [.. NotNull12, "ServiceProviderName", "HostProviderName"] : NotNull12;
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Length != header.Length) { errors.Add($"row {i} has {row.Length} fields, the header {header.Length}"); continue; }
            string? V(string column) => Array.IndexOf(header, column) is var at and >= 0 && row[at].Length > 0 ? row[at] : null;
            void Rule(bool ok, string message) { if (!ok) errors.Add($"row {i}: {message}"); }
            foreach (var column in notNull) Rule(V(column) is not null, $"{column} is null");
            foreach (var column in Decimals.Where(header.Contains))
                Rule(V(column) is not { } d || decimal.TryParse(d, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _), $"{column} '{V(column)}' is not a plain decimal");
            foreach (var column in Timestamps)
                Rule(V(column) is { } t && DateTime.TryParseExact(t, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), $"{column} '{V(column)}' is not yyyy-MM-ddTHH:mm:ssZ");
            Rule(V("BillingCurrency") is { Length: 3 } c && c.All(char.IsAsciiLetterUpper), "BillingCurrency is not an ISO 4217 code");
            var category = V("ChargeCategory");
            Rule(category is not null && ChargeCategories.Contains(category), $"ChargeCategory '{category}' is not allowed");
            var correction = V("ChargeClass") == "Correction";
            Rule(V("ChargeClass") is null or "Correction", $"ChargeClass '{V("ChargeClass")}' is not allowed");
            Rule(V("ServiceCategory") is { } s && ServiceCategories.Contains(s), $"ServiceCategory '{V("ServiceCategory")}' is not allowed");
            if (header.Contains("ServiceSubcategory")) Rule(V("ServiceSubcategory") is null || AiSubcategories.Contains(V("ServiceSubcategory")!), $"ServiceSubcategory '{V("ServiceSubcategory")}' is not an AI and Machine Learning subcategory");
            if (header.Contains("ChargeFrequency")) Rule(V("ChargeFrequency") is { } f && ChargeFrequencies.Contains(f), $"ChargeFrequency '{V("ChargeFrequency")}' is not allowed");
            // PricingQuantity and PricingUnit: required for usage and purchases that are not corrections; null together.
            if (category is "Usage" or "Purchase" && !correction) Rule(V("PricingQuantity") is not null && V("PricingUnit") is not null, "PricingQuantity/PricingUnit null on a usage charge");
            Rule((V("PricingQuantity") is null) == (V("PricingUnit") is null), "PricingQuantity and PricingUnit are not null together");
            // ConsumedQuantity and ConsumedUnit: required (and positive) on usage that is not a correction, null on other categories.
            if (header.Contains("ConsumedQuantity"))
            {
                if (category == "Usage" && !correction)
                    Rule(V("ConsumedQuantity") is { } q && decimal.Parse(q, CultureInfo.InvariantCulture) >= 0 && V("ConsumedUnit") is not null, "ConsumedQuantity/ConsumedUnit missing or negative on a usage charge");
                if (category != "Usage") Rule(V("ConsumedQuantity") is null && V("ConsumedUnit") is null, $"ConsumedQuantity set on a {category} charge");
            }
            if (header.Contains("SubAccountId")) Rule((V("SubAccountId") is null) == (V("SubAccountName") is null), "SubAccountName and SubAccountId are not null together");
            if (V("ChargePeriodStart") is { } cs && V("ChargePeriodEnd") is { } ce && V("BillingPeriodStart") is { } bs && V("BillingPeriodEnd") is { } be)
            {
                Rule(string.CompareOrdinal(cs, ce) < 0, "ChargePeriodStart is not before ChargePeriodEnd");
                Rule(string.CompareOrdinal(bs, cs) <= 0 && string.CompareOrdinal(ce, be) <= 0, "the charge period is outside the billing period");
            }
            if (V("Tags") is { } tags)
            {
                try { Rule(JsonDocument.Parse(tags).RootElement.ValueKind == JsonValueKind.Object, "Tags is not a JSON object"); }
                catch (JsonException) { errors.Add($"row {i}: Tags is not JSON"); }
            }
            // Values keep their original form: no spreadsheet apostrophe in front of any string.
            Rule(!row.Any(v => v.StartsWith('\'')), "a value starts with an apostrophe");
        }
        return errors;
    }

    /// <summary>RFC 4180: quoted fields with doubled quotes, CRLF lines.</summary>
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { fields.Add(field.ToString()); field.Clear(); rows.Add([.. fields]); fields.Clear(); }
            else field.Append(c);
        }
        return rows;
    }
}
