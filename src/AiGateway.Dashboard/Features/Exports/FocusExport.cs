using System.Globalization;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Exports;

/// <summary>
/// Billed cost rows as FOCUS CSV (1.2 by default, 1.3 on request) for machines: original strings (quoted only as
/// RFC 4180 needs, never prefixed), no BOM unless asked. Each line is one token SKU (input, cached input, cache
/// write, output; "tokens" for a line that charges every kind) priced per 1,000,000 tokens; its quantity comes from the
/// line itself or, for providers that bill and report tokens separately, from the usage report of the same day,
/// project and model, shared across the lines of that SKU in proportion to their cost. Negative lines without
/// consumption are credits; prior-period adjustments are corrections.
/// </summary>
public static class FocusExport
{
    public const string V12 = "1.2";
    public const string V13 = "1.3";
    public const string PricingUnit = "1000000 Tokens";
    public const string ConsumedUnit = "Tokens";
    /// <summary>A usage line whose token kind and count no source gives (a tool call): one charge.</summary>
    public const string ChargeUnit = "Charge";

    private static readonly string[] Columns12 =
    [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
        "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "EffectiveCost",
        "InvoiceId", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
        "ServiceSubcategory", "SkuId", "SubAccountId", "SubAccountName", "Tags", "x_CostCentre", "x_FinanceCode", "x_ReportingCost", "x_ReportingCurrency",
    ];

    public static IReadOnlyList<string> Columns(string version) => version == V13
        ? [.. Columns12.Take(Array.IndexOf(Columns12, "ListCost") + 1), "HostProviderName", .. Columns12.Skip(Array.IndexOf(Columns12, "ListCost") + 1)
            .SelectMany(c => c == "ServiceName" ? new[] { c, "ServiceProviderName" } : [c])]
        : Columns12;

    public static async Task WriteAsync(IEnumerable<CostExportRow> rows, IReadOnlyDictionary<UsageKey, UsageTokens> usage, string version, bool bom,
        Stream output, CancellationToken cancellationToken)
    {
        var columns = Columns(version);
        await using var writer = new StreamWriter(output, new UTF8Encoding(bom), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(columns));
        // A day at a time: the lines of one SKU on one day share that day's reported tokens.
        foreach (var day in ByDay(rows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var quantities = Quantities(day, usage);
            for (var i = 0; i < day.Count; i++)
            {
                var values = Values(day[i], quantities[i]);
                await writer.WriteAsync(Line(columns.Select(c => values.GetValueOrDefault(c))));
            }
        }
    }

    /// <summary>Credit: a negative line that consumed nothing (or that says so); everything else is usage.</summary>
    public static string ChargeCategory(CostExportRow r) =>
        r.OriginalMicros < 0 && (r.InputTokens + r.OutputTokens == 0 || (r.LineItem ?? "").Contains("credit", StringComparison.OrdinalIgnoreCase)) ? "Credit" : "Usage";

    private static Dictionary<string, string?> Values(CostExportRow r, (TokenType Type, long Tokens)? quantity)
    {
        // FOCUS bills in the currency of the bill: the original amount; the reporting currency's figure rides along in x_ columns.
        var cost = Number(new Money(r.OriginalMicros, r.OriginalCurrency).ToMajor());
        var billingStart = new DateOnly(r.Day.Year, r.Day.Month, 1);
        var category = ChargeCategory(r);
        var correction = r.RestatedDate is not null;
        // Quantities are required on usage that is not a correction, and must be absent on every other category.
        var usageLine = category == "Usage" && !correction;
        var provider = CostExport.ProviderName(r.Provider);
        var publisher = r.Provider == ProviderKind.AzureOpenAI ? "Microsoft" : provider;
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Tag(string key, string? value) { if (!string.IsNullOrEmpty(value)) tags[key] = value; }
        Tag("x_ApiKeyId", r.ApiKeyId);
        Tag("x_Model", r.Model);
        Tag("x_OrgUnit", r.OrgUnitCode);
        Tag("x_Corrects", r.RestatedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["BilledCost"] = cost,
            ["BillingAccountId"] = r.OrganizationId ?? r.AccountId ?? $"connection-{r.ConnectionId}",
            ["BillingAccountName"] = r.Connection,
            ["BillingCurrency"] = r.OriginalCurrency,
            ["BillingPeriodEnd"] = Timestamp(billingStart.AddMonths(1)),
            ["BillingPeriodStart"] = Timestamp(billingStart),
            ["ChargeCategory"] = category,
            ["ChargeClass"] = correction ? "Correction" : null,
            ["ChargeDescription"] = string.IsNullOrEmpty(r.LineItem) ? $"{r.Model} usage" : r.LineItem,
            ["ChargeFrequency"] = "Usage-Based",
            ["ChargePeriodEnd"] = Timestamp(r.Day.AddDays(1)),
            ["ChargePeriodStart"] = Timestamp(r.Day),
            ["ConsumedQuantity"] = !usageLine ? null : quantity is { } c ? c.Tokens.ToString(CultureInfo.InvariantCulture) : "1",
            ["ConsumedUnit"] = !usageLine ? null : quantity is null ? ChargeUnit : ConsumedUnit,
            ["ContractedCost"] = cost,
            ["EffectiveCost"] = cost,
            ["InvoiceId"] = null,
            ["InvoiceIssuerName"] = provider,
            ["ListCost"] = cost,
            ["HostProviderName"] = provider,
            ["PricingQuantity"] = !usageLine ? null : quantity is { } p ? Number(p.Tokens / 1_000_000m) : "1",
            ["PricingUnit"] = !usageLine ? null : quantity is null ? ChargeUnit : PricingUnit,
            ["ProviderName"] = provider,
            ["PublisherName"] = publisher,
            ["ServiceCategory"] = "AI and Machine Learning",
            ["ServiceName"] = CostExport.ServiceName(r.Provider),
            ["ServiceProviderName"] = provider,
            ["ServiceSubcategory"] = "Generative AI",
            ["SkuId"] = category == "Usage" ? $"{r.Model}:{(quantity is { } q ? TokenTypes.SkuSuffix(q.Type) : "charge")}" : null,
            ["SubAccountId"] = r.ProjectId,
            ["SubAccountName"] = r.ProjectId is null ? null : (string.IsNullOrEmpty(r.ProjectName) ? r.ProjectId : r.ProjectName),
            ["Tags"] = JsonSerializer.Serialize(tags),
            ["x_CostCentre"] = r.CostCentre,
            ["x_FinanceCode"] = r.FinanceCode,
            ["x_ReportingCost"] = r.Unconverted ? null : Number(Money.Reporting(r.CostMicros).ToMajor()),
            ["x_ReportingCurrency"] = ReportingCurrency.Code,
        };
    }

    /// <summary>
    /// Each line's SKU and tokens: its own tokens when it carries them; else the day's reported tokens of its kind,
    /// apportioned over the lines of that kind by cost; null when neither says (such a usage line is priced as one charge).
    /// </summary>
    private static (TokenType Type, long Tokens)?[] Quantities(List<CostExportRow> day, IReadOnlyDictionary<UsageKey, UsageTokens> usage)
    {
        var result = new (TokenType, long)?[day.Count];
        var shared = new Dictionary<(UsageKey Key, TokenType Type), List<int>>();
        for (var i = 0; i < day.Count; i++)
        {
            var r = day[i];
            var type = TokenTypes.Of(r.LineItem);
            if (r.InputTokens + r.OutputTokens + r.CacheWriteTokens > 0)
            {
                var own = type ?? TokenType.Mixed;
                result[i] = (own, TokenTypes.Count(own, r.InputTokens, r.CachedInputTokens, r.CacheWriteTokens, r.OutputTokens));
            }
            else if (type is { } t)
            {
                var key = (new UsageKey(r.ConnectionId, r.Day, r.ProjectId, r.Model), t);
                if (!shared.TryGetValue(key, out var lines)) shared[key] = lines = [];
                lines.Add(i);
            }
        }
        foreach (var ((key, type), lines) in shared)
        {
            if (!usage.TryGetValue(key, out var tokens)) continue;
            var total = TokenTypes.Count(type, tokens.Input, tokens.Cached, tokens.CacheWrite, tokens.Output);
            var shares = LargestRemainder.Apportion(total, lines.Select(i => day[i].CostMicros).ToList());
            for (var j = 0; j < lines.Count; j++) result[lines[j]] = (type, shares[j]);
        }
        return result;
    }

    private static IEnumerable<List<CostExportRow>> ByDay(IEnumerable<CostExportRow> rows)
    {
        var day = new List<CostExportRow>();
        foreach (var r in rows)
        {
            if (day.Count > 0 && day[0].Day != r.Day)
            {
                yield return day;
                day = [];
            }
            day.Add(r);
        }
        if (day.Count > 0) yield return day;
    }

    // RFC 4180: quoted only when the value needs it; the value itself is never altered.
    private static string Field(string? value) =>
        string.IsNullOrEmpty(value) ? "" :
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Line(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Timestamp(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
}
