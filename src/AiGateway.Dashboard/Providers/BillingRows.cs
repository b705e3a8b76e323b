using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Providers;

/// <summary>Turns a client's raw rows into the facts the sync writes: exact micros, one row per natural key.</summary>
public static class BillingRows
{
    /// <summary>
    /// Converts exact major-unit amounts to micros per (day, currency) with <see cref="MicroRounding"/>, so that each
    /// day's total equals the provider's exact total rounded once, never drifting by per-row rounding.
    /// </summary>
    public static List<CostRecord> ToMicros(IEnumerable<(CostRecord Row, decimal Exact)> rows)
    {
        var result = new List<CostRecord>();
        foreach (var day in rows.GroupBy(r => (r.Row.UsageDate, r.Row.Currency)))
        {
            var items = day.ToList();
            var micros = MicroRounding.Distribute(items.Select(i => i.Exact).ToList());
            for (var i = 0; i < items.Count; i++)
            {
                items[i].Row.CostMicros = micros[i];
                result.Add(items[i].Row);
            }
        }
        return result;
    }

    /// <summary>
    /// Rows of one day that share a natural key (a provider splitting by a dimension we do not keep) are summed,
    /// so that the unique key holds and nothing is lost.
    /// </summary>
    public static IEnumerable<CostRecord> Merge(IEnumerable<CostRecord> rows) =>
        rows.Select(r => { r.ComputeNaturalKey(); return r; })
            .GroupBy(r => (r.UsageDate, r.NaturalKey))
            .Select(g =>
            {
                var first = g.First();
                foreach (var other in g.Skip(1))
                {
                    first.CostMicros = checked(first.CostMicros + other.CostMicros);
                    first.InputTokens += other.InputTokens;
                    first.CachedInputTokens += other.CachedInputTokens;
                    first.CacheWriteTokens += other.CacheWriteTokens;
                    first.OutputTokens += other.OutputTokens;
                    first.Requests += other.Requests;
                }
                return first;
            });
}
