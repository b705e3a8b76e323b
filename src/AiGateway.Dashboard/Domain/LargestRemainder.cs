namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Integer apportioning that never loses a unit: shares floored, then the units left over go one each to the
/// largest remainders (ties to the earlier item), so the parts always sum exactly to the whole.
/// </summary>
public static class LargestRemainder
{
    /// <summary><paramref name="total"/> split in proportion to <paramref name="weights"/> (negative weights count as 0; all zero: equal shares).</summary>
    public static long[] Apportion(long total, IReadOnlyList<long> weights)
    {
        if (weights.Count == 0) return [];
        var w = weights.Select(x => Math.Max(0, x)).ToArray();
        Int128 sum = 0;
        foreach (var x in w) sum += x;
        if (sum == 0)
        {
            w = Enumerable.Repeat(1L, weights.Count).ToArray();
            sum = weights.Count;
        }
        var parts = new long[w.Length];
        var remainders = new Int128[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            var exact = (Int128)total * w[i];
            parts[i] = (long)Floor(exact, sum);
            remainders[i] = exact - (Int128)parts[i] * sum;
        }
        Distribute(parts, remainders, total - parts.Sum());
        return parts;
    }

    /// <summary>
    /// Each amount rounded to a multiple of <paramref name="unit"/> (micros to cents: 10,000) so that the rounded amounts
    /// sum to the total rounded once (half away from zero): a journal of cents that ties to its total.
    /// </summary>
    public static long[] RoundTo(IReadOnlyList<long> amounts, long unit)
    {
        var total = amounts.Sum();
        var target = RoundHalfAway(total, unit);
        var parts = new long[amounts.Count];
        var remainders = new Int128[amounts.Count];
        for (var i = 0; i < amounts.Count; i++)
        {
            parts[i] = (long)Floor(amounts[i], unit);
            remainders[i] = amounts[i] - parts[i] * unit;
        }
        Distribute(parts, remainders, target - parts.Sum());
        return parts;
    }

    /// <summary><paramref name="value"/> / <paramref name="unit"/> rounded half away from zero.</summary>
    public static long RoundHalfAway(long value, long unit) =>
        value >= 0 ? (value + unit / 2) / unit : -((-value + unit / 2) / unit);

    private static Int128 Floor(Int128 value, Int128 divisor)
    {
        var q = value / divisor;
        return value % divisor != 0 && (value < 0) != (divisor < 0) ? q - 1 : q;
    }

    // Hands out `left` single units (0 ≤ left < count by construction) to the largest remainders.
    private static void Distribute(long[] parts, Int128[] remainders, long left)
    {
        foreach (var i in Enumerable.Range(0, parts.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)Math.Max(0, left)))
        {
            parts[i]++;
        }
    }
}
