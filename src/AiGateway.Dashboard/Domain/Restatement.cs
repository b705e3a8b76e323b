namespace AiGateway.Dashboard.Domain;

/// <summary>
/// What a provider's latest figures for days of a closed month change, as prior-period adjustments: per day and
/// fact, the fetched row less what is already booked for it (the frozen fact and adjustments booked on other
/// days). Rows the provider no longer reports are reversed; an unchanged fact yields nothing. Re-running with the
/// same figures on the same day gives the same adjustments, so a retried sync books nothing twice.
/// </summary>
public static class Restatement
{
    /// <param name="booked">The frozen facts of the closed days and every adjustment of them booked before <paramref name="foundOn"/>.</param>
    /// <param name="fetched">What the provider now reports for the closed days.</param>
    public static IReadOnlyList<CostRecord> Adjustments(IEnumerable<CostRecord> booked, IEnumerable<CostRecord> fetched, DateOnly foundOn)
    {
        var adjustments = new Dictionary<(DateOnly Day, string Key), CostRecord>();
        CostRecord For(CostRecord row)
        {
            var key = (row.UsageDay, row.FactKey);
            if (!adjustments.TryGetValue(key, out var adjustment))
            {
                adjustment = row.AdjustmentOf(row.UsageDay, foundOn);
                adjustments[key] = adjustment;
            }
            return adjustment;
        }
        // Fetched first, so that a fact still reported carries the provider's (and the current rules') attributes.
        foreach (var row in fetched)
        {
            if (row.IsAdjustment) throw new ArgumentException("Fetched rows are facts, not adjustments.", nameof(fetched));
            For(row).Add(row);
        }
        foreach (var row in booked)
        {
            if (row.IsAdjustment && row.UsageDate == foundOn) continue;
            For(row).Add(row, -1);
        }
        return adjustments.Values.Where(a => a.HasAmounts).ToList();
    }
}
