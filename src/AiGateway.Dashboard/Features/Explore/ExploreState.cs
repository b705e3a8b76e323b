using System.Globalization;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using Microsoft.AspNetCore.WebUtilities;

namespace AiGateway.Dashboard.Features.Explore;

/// <summary>
/// Everything an Explore view is: range, grouping, split, filters, sort and page. It round-trips through the
/// URL, so a view can be bookmarked and shared; the CSV export reads the same query string.
/// </summary>
public sealed record ExploreState
{
    public static readonly string[] Presets = ["thisMonth", "lastMonth", "last90", "thisQuarter", "thisYear", "custom"];
    public static readonly SpendDimension[] Groupable = [SpendDimension.Provider, SpendDimension.Model, SpendDimension.OrgUnit, SpendDimension.Project, SpendDimension.Connection];

    public string Range { get; init; } = "thisMonth";
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public SpendDimension GroupBy { get; init; } = SpendDimension.Provider;
    public SpendDimension? Split { get; init; }
    public SpendFilterText Filter { get; init; } = new(null, null, null, null, null);
    public string Sort { get; init; } = "cost";
    public bool Descending { get; init; } = true;
    /// <summary>As booked (default) or by usage date: a closed month's later corrections where they were booked, or on the days they correct.</summary>
    public SpendBasis Basis { get; init; } = SpendBasis.Booked;

    /// <summary>The concrete days of the range (UTC), quarters and years following the fiscal year start.</summary>
    /// <summary>The longest range Explore charts and exports (about ten years, in monthly bars).</summary>
    public const int MaxDays = Spend.SpendEndpoints.MaxDays;

    public DateWindow Window(DateOnly today, int fiscalYearStartMonth)
    {
        var month = Period.Containing(PeriodKind.Monthly, today);
        return Range switch
        {
            "lastMonth" => new DateWindow(month.Previous().Start, month.Previous().End),
            "last90" => new DateWindow(today.AddDays(-89), today),
            "thisQuarter" => new DateWindow(Period.Containing(PeriodKind.Quarterly, today, fiscalYearStartMonth).Start, today),
            "thisYear" => new DateWindow(Period.Containing(PeriodKind.Annual, today, fiscalYearStartMonth).Start, today),
            // A custom range from a URL is clamped into the accepted dates and the longest range Explore charts.
            "custom" when From is { } f && To is { } t && f <= t => DateLimits.Clamp(new DateWindow(f, t), today, MaxDays),
            _ => new DateWindow(month.Start, today),
        };
    }

    /// <summary>A custom range a person typed, or what is wrong with it.</summary>
    public static (DateWindow? Window, string? Problem) ParseCustom(string? from, string? to, DateOnly today) =>
        DateLimits.ParseRange(from, to, today, MaxDays, days => $"{days:N0} days is longer than Explore shows at once ({MaxDays:N0} days).");

    public static ExploreState FromQuery(IReadOnlyDictionary<string, string?> q)
    {
        static DateOnly? Day(string? s) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        static SpendDimension? Dim(string? s) => Enum.TryParse<SpendDimension>(s, true, out var d) && Groupable.Contains(d) ? d : null;
        var groupBy = Dim(q.GetValueOrDefault("groupBy")) ?? SpendDimension.Provider;
        var split = Dim(q.GetValueOrDefault("split"));
        return new ExploreState
        {
            Range = Presets.Contains(q.GetValueOrDefault("range")) ? q["range"]! : "thisMonth",
            From = Day(q.GetValueOrDefault("from")),
            To = Day(q.GetValueOrDefault("to")),
            GroupBy = groupBy,
            Split = split == groupBy ? null : split,
            Filter = new SpendFilterText(q.GetValueOrDefault("provider"), q.GetValueOrDefault("model"), q.GetValueOrDefault("orgUnit"), q.GetValueOrDefault("project"), q.GetValueOrDefault("connection")),
            Sort = q.GetValueOrDefault("sort") is "name" or "tokens" or "requests" or "costPer1k" or "cost" ? q["sort"]! : "cost",
            Descending = q.GetValueOrDefault("dir") != "asc",
            Basis = string.Equals(q.GetValueOrDefault("basis"), "usage", StringComparison.OrdinalIgnoreCase) ? SpendBasis.Usage : SpendBasis.Booked,
        };
    }

    public string ToQuery()
    {
        var q = new Dictionary<string, string?>
        {
            ["range"] = Range,
            ["from"] = Range == "custom" ? From?.ToString("yyyy-MM-dd") : null,
            ["to"] = Range == "custom" ? To?.ToString("yyyy-MM-dd") : null,
            ["groupBy"] = Camel(GroupBy),
            ["split"] = Split is { } s ? Camel(s) : null,
            ["provider"] = Filter.Provider,
            ["model"] = Filter.Model,
            ["orgUnit"] = Filter.OrgUnit,
            ["project"] = Filter.Project,
            ["connection"] = Filter.Connection,
            ["sort"] = Sort == "cost" ? null : Sort,
            ["dir"] = Descending ? null : "asc",
            ["basis"] = Basis == SpendBasis.Usage ? "usage" : null,
        };
        return QueryHelpers.AddQueryString("", q.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    /// <summary>The same view with one more filter value (drill-down).</summary>
    public ExploreState With(SpendDimension dimension, string value) => this with
    {
        Filter = dimension switch
        {
            SpendDimension.Provider => Filter with { Provider = value },
            SpendDimension.Model => Filter with { Model = value },
            SpendDimension.OrgUnit => Filter with { OrgUnit = value },
            SpendDimension.Project => Filter with { Project = value },
            SpendDimension.Connection => Filter with { Connection = value },
            _ => Filter,
        },
    };

    public static string Camel(SpendDimension d) => JsonNames.Camel(d.ToString());
}
