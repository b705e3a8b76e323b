namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The rates known, answering "what is 1 X in Y on day D": the rate of D, or of the latest earlier day with one
/// (weekends and holidays have none) within <see cref="MaxLookbackDays"/>; direct, inverted, or crossed through
/// EUR (the ECB publishes every rate against EUR). No rate is ever assumed: a missing one is a null.
/// </summary>
public sealed class FxTable
{
    /// <summary>Longer than any run of days without a publication (Easter is four).</summary>
    public const int MaxLookbackDays = 7;
    public const string Eur = "EUR";

    private readonly Dictionary<(string From, string To), SortedList<DateOnly, decimal>> _rates = new();

    public FxTable(IEnumerable<FxRate> rates)
    {
        foreach (var r in rates)
        {
            var key = (r.From.ToUpperInvariant(), r.To.ToUpperInvariant());
            if (!_rates.TryGetValue(key, out var days)) _rates[key] = days = new SortedList<DateOnly, decimal>();
            days[r.Day] = r.Rate;
        }
    }

    /// <summary>The rate and the day it was published, or null when none is known for the day.</summary>
    public FxQuote? Find(string from, string to, DateOnly day)
    {
        from = from.ToUpperInvariant();
        to = to.ToUpperInvariant();
        if (from == to) return new FxQuote(1m, day, from, to);
        if (Latest(from, to, day) is { } direct) return new FxQuote(direct.Rate, direct.Day, from, to);
        if (Latest(to, from, day) is { } inverse) return new FxQuote(1m / inverse.Rate, inverse.Day, from, to);
        var fromEur = from == Eur ? (1m, day) : Latest(Eur, from, day);
        var toEur = to == Eur ? (1m, day) : Latest(Eur, to, day);
        if (fromEur is { } a && toEur is { } b)
        {
            // 1 FROM = (EUR→TO) / (EUR→FROM) TO, on the older of the two days used.
            return new FxQuote(b.Item1 / a.Item1, a.Item2 < b.Item2 ? a.Item2 : b.Item2, from, to);
        }
        return null;
    }

    private (decimal Rate, DateOnly Day)? Latest(string from, string to, DateOnly day)
    {
        if (!_rates.TryGetValue((from, to), out var days)) return null;
        for (var d = day; d > day.AddDays(-MaxLookbackDays); d = d.AddDays(-1))
        {
            if (days.TryGetValue(d, out var rate)) return (rate, d);
        }
        return null;
    }

    /// <summary>
    /// Turns rows as billed (<see cref="CostRecord.Currency"/> the billed currency, <see cref="CostRecord.CostMicros"/> its
    /// amount) into rows in <paramref name="reporting"/>, keeping the billed amount as the original. A row the source already
    /// gives in the reporting currency with another original (a FOCUS file's x_ReportingCost) keeps the source's conversion.
    /// Returns what had no rate.
    /// </summary>
    public IReadOnlyList<FxGap> ConvertRows(IEnumerable<CostRecord> rows, string reporting)
    {
        var list = new List<CostRecord>();
        foreach (var r in rows)
        {
            r.Currency = r.Currency.ToUpperInvariant();
            if (r.Currency == reporting && r.OriginalCurrency != reporting && r.OriginalMicros != 0) continue;
            r.OriginalCurrency = r.Currency;
            r.OriginalMicros = r.CostMicros;
            list.Add(r);
        }
        return Reconvert(list, reporting);
    }

    /// <summary>
    /// Converts rows of one connection from their original amounts, per usage day and original currency. A row whose
    /// currency has no rate for its day is kept with 0 and flagged <see cref="CostRecord.Unconverted"/>, never taken 1:1.
    /// </summary>
    public IReadOnlyList<FxGap> Reconvert(IEnumerable<CostRecord> rows, string reporting)
    {
        var gaps = new List<FxGap>();
        foreach (var group in rows.GroupBy(r => (Day: r.UsageDay, r.OriginalCurrency)))
        {
            var items = group.ToList();
            var quote = Find(group.Key.OriginalCurrency, reporting, group.Key.Day);
            var converted = quote is null ? null : Convert(items.Select(r => r.OriginalMicros).ToList(), quote.Rate);
            for (var i = 0; i < items.Count; i++)
            {
                items[i].Currency = reporting;
                items[i].Unconverted = converted is null;
                items[i].CostMicros = converted?[i] ?? 0;
            }
            if (converted is null) gaps.Add(new FxGap(group.Key.OriginalCurrency, reporting, group.Key.Day, items.Count, items.Sum(r => r.OriginalMicros)));
        }
        return gaps;
    }

    /// <summary>
    /// Converts the rows of one day and one original currency: the day's exact converted total is rounded once and
    /// shared by largest remainder (<see cref="MicroRounding"/>), so the converted rows add up to the converted total.
    /// </summary>
    public static long[] Convert(IReadOnlyList<long> originalMicros, decimal rate) =>
        MicroRounding.Distribute(originalMicros.Select(m => m * rate / Money.MicrosPerUnit).ToList());
}
