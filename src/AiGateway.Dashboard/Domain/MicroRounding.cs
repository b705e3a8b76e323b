namespace AiGateway.Dashboard.Domain;

/// <summary>
/// Providers send amounts with more precision than a micro-dollar (OpenAI dollars with many decimals,
/// Anthropic fractional cents). Rounding each row on its own would let a day's total drift by up to half a
/// micro per row. Instead the exact total of a group is rounded once (half to even) and the rows share it by
/// the largest-remainder method: every row is within one micro of its exact amount and the rows add up to
/// exactly the rounded exact total.
/// </summary>
public static class MicroRounding
{
    public static long[] Distribute(IReadOnlyList<decimal> exactMajorAmounts)
    {
        var n = exactMajorAmounts.Count;
        var result = new long[n];
        if (n == 0) return result;

        var exactMicros = new decimal[n];
        decimal total = 0;
        long floorSum = 0;
        for (var i = 0; i < n; i++)
        {
            exactMicros[i] = exactMajorAmounts[i] * Money.MicrosPerUnit;
            total += exactMicros[i];
            result[i] = checked((long)decimal.Floor(exactMicros[i]));
            floorSum = checked(floorSum + result[i]);
        }
        var target = checked((long)decimal.Round(total, 0, MidpointRounding.ToEven));
        var extra = target - floorSum; // 0 ≤ extra ≤ n
        if (extra == 0) return result;

        // Largest remainders first; ties broken by position so that the result is deterministic.
        var order = Enumerable.Range(0, n)
            .OrderByDescending(i => exactMicros[i] - result[i])
            .ThenBy(i => i)
            .Take((int)extra);
        foreach (var i in order) result[i]++;
        return result;
    }
}
