using System.Globalization;
using System.Text.Json;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers.Focus;

/// <summary>
/// A FOCUS row (1.0–1.3) as a cost row: the UTC day of ChargePeriodStart, BilledCost in BillingCurrency, the provider from
/// ServiceProviderName (1.3) or ProviderName, the account from BillingAccountId, the project from SubAccountId, the model from
/// the <c>x_Model</c> tag or the SKU, the line from ChargeDescription; other tags are kept. Every error names the line and column.
/// </summary>
public static class FocusMapping
{
    public static readonly string[] Required = ["BilledCost", "BillingCurrency", "ChargePeriodStart"];

    private static readonly Dictionary<string, ProviderKind> Providers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OpenAI"] = ProviderKind.OpenAI, ["Anthropic"] = ProviderKind.Anthropic, ["Microsoft"] = ProviderKind.AzureOpenAI, ["Azure"] = ProviderKind.AzureOpenAI,
        ["Microsoft Azure"] = ProviderKind.AzureOpenAI, ["AWS"] = ProviderKind.AwsBedrock, ["Amazon Web Services"] = ProviderKind.AwsBedrock,
        ["Google Cloud"] = ProviderKind.GoogleVertex, ["Google"] = ProviderKind.GoogleVertex, ["Mistral"] = ProviderKind.Mistral, ["Mistral AI"] = ProviderKind.Mistral,
        ["OpenRouter"] = ProviderKind.OpenRouter,
    };

    /// <summary>
    /// The row, its exact amount and its billing period; null when its service category is another one. A row that carries its
    /// figure in a reporting currency (<c>x_ReportingCost</c>, <c>x_ReportingCurrency</c>, as our own export writes) keeps that
    /// conversion: the row is in the reporting currency, and the bill's amount is its original.
    /// </summary>
    public static (CostRecord Row, decimal Exact, DateWindow BillingPeriod)? Map(FocusLine line, string file, string serviceCategory)
    {
        string? V(string column) => line.Values.TryGetValue(column, out var v) ? v : null;
        string Where(string column) => $"{file}, line {line.Line}, column {column}";

        foreach (var column in Required)
        {
            if (!line.Values.ContainsKey(column)) throw new InvalidDataException($"{file}: there is no {column} column, which every FOCUS version has. Nothing was replaced.");
        }
        if (V("ServiceCategory") is { } category && !string.Equals(category, serviceCategory, StringComparison.OrdinalIgnoreCase)) return null;

        var costText = V("BilledCost") ?? throw new InvalidDataException($"{Where("BilledCost")}: the value is empty; FOCUS requires a number. Nothing was replaced.");
        if (!decimal.TryParse(costText, NumberStyles.Float, CultureInfo.InvariantCulture, out var cost))
            throw new InvalidDataException($"{Where("BilledCost")}: '{costText}' is not a number. Nothing was replaced.");
        if (Math.Abs(cost) > 1_000_000_000m) throw new InvalidDataException($"{Where("BilledCost")}: {costText} is beyond any plausible charge. Nothing was replaced.");
        var currency = (V("BillingCurrency") ?? "").Trim().ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            throw new InvalidDataException($"{Where("BillingCurrency")}: '{V("BillingCurrency")}' is not a three-letter currency code. Nothing was replaced.");
        var day = Day(V("ChargePeriodStart"), Where("ChargePeriodStart"));
        var periodStart = V("BillingPeriodStart") is { } ps ? Day(ps, Where("BillingPeriodStart")) : new DateOnly(day.Year, day.Month, 1);
        // BillingPeriodEnd is exclusive.
        var periodEnd = V("BillingPeriodEnd") is { } pe ? Day(pe, Where("BillingPeriodEnd")).AddDays(-1) : new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);
        if (periodEnd < periodStart) throw new InvalidDataException($"{Where("BillingPeriodEnd")}: the billing period ends before it starts. Nothing was replaced.");
        if (day < DateLimits.Earliest) throw new InvalidDataException($"{Where("ChargePeriodStart")}: {day:yyyy-MM-dd} is before {DateLimits.Earliest:yyyy}. Nothing was replaced.");

        var original = (Currency: currency, Micros: Money.MicrosFromMajorRounded(cost));
        if (V("x_ReportingCost") is { } reportingText && V("x_ReportingCurrency") is { Length: 3 } reportingCurrency && !string.Equals(reportingCurrency, currency, StringComparison.OrdinalIgnoreCase))
        {
            if (!decimal.TryParse(reportingText, NumberStyles.Float, CultureInfo.InvariantCulture, out var reporting) || Math.Abs(reporting) > 1_000_000_000m)
                throw new InvalidDataException($"{Where("x_ReportingCost")}: '{reportingText}' is not a number. Nothing was replaced.");
            (cost, currency) = (reporting, reportingCurrency.ToUpperInvariant());
        }
        var tags = Tags(V("Tags"), Where("Tags"));
        var provider = V("ServiceProviderName") ?? V("ProviderName");
        var sku = V("SkuId");
        var model = tags.GetValueOrDefault("x_Model") ?? (sku is { } s ? s.Split(':')[0] : null) ?? V("ServiceName") ?? "(no SKU)";
        var kept = tags.Where(t => !t.Key.StartsWith("x_", StringComparison.Ordinal)).Select(t => $"{t.Key}={t.Value}").ToList();
        return (new CostRecord
        {
            Provider = provider is not null && Providers.TryGetValue(provider.Trim(), out var kind) ? kind : ProviderKind.Focus,
            UsageDate = day,
            AccountId = V("BillingAccountId"),
            ProjectId = V("SubAccountId"),
            ApiKeyId = tags.GetValueOrDefault("x_ApiKeyId"),
            Model = Cut(model, 200),
            LineItem = Cut(V("ChargeDescription") ?? sku ?? V("ServiceName"), 400),
            Kind = CostKind.Billed,
            Currency = currency,
            OriginalCurrency = original.Currency,
            OriginalMicros = original.Micros,
            Tags = kept.Count == 0 ? null : Cut(string.Join(',', kept.Order(StringComparer.Ordinal)), 1000),
        }, cost, new DateWindow(periodStart, periodEnd));
    }

    private static DateOnly Day(string? text, string where)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidDataException($"{where}: the value is empty; FOCUS requires a date and time. Nothing was replaced.");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            throw new InvalidDataException($"{where}: '{text}' is not a date and time (ISO 8601, e.g. 2026-11-01T00:00:00Z). Nothing was replaced.");
        return DateOnly.FromDateTime(at.UtcDateTime);
    }

    private static Dictionary<string, string> Tags(string? json, string where)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: Tags must be a JSON object. Nothing was replaced.");
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText(), StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where}: Tags is not JSON ({ex.Message}). Nothing was replaced.", ex);
        }
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Cut(string? text, int max) => text is { } t && t.Length > max ? t[..max] : text;
}
