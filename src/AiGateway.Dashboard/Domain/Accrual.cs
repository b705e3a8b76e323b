namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A provider's month so far: what it has billed, and what the days it has not billed yet are expected to cost
/// (<see cref="AccrualMethod"/>), so the month's expected total is known before the bill is complete.
/// </summary>
/// <param name="BilledThrough">The provider's last billed UTC day of the month (null when it has billed nothing recently).</param>
/// <param name="Unbilled">The days accrued for (null when every day so far is billed).</param>
/// <param name="RunRateDailyMicros">The daily rate used by <see cref="AccrualMethod.RunRate"/>.</param>
public sealed record Accrual(ProviderKind Provider, Period Month, long BilledMicros, long AccruedMicros, AccrualMethod Method, DateOnly? BilledThrough,
    DateWindow? Unbilled, long? RunRateDailyMicros = null)
{
    public const int RunRateDays = 7;

    public long ExpectedMicros => BilledMicros + AccruedMicros;

    /// <summary>How the accrual was made, in words ("gateway usage of 2026-12-01").</summary>
    public string Description => Method switch
    {
        AccrualMethod.GatewayUsage => $"gateway usage of {Days(Unbilled!.Value)}",
        AccrualMethod.RunRate => $"run rate of its last {RunRateDays} complete billed days ({Money.Reporting(RunRateDailyMicros ?? 0).Format()} a day) for {Days(Unbilled!.Value)}",
        _ => Unbilled is null ? "every day so far is billed" : $"nothing to go on for {Days(Unbilled.Value)}",
    };

    private static string Days(DateWindow w) => w.From == w.To ? w.From.ToString("yyyy-MM-dd") : $"{w.From:yyyy-MM-dd} – {w.To:yyyy-MM-dd}";

    /// <summary>
    /// The average of the complete billed days, times the days to cover (a running day counts for the share of it that
    /// has passed), rounded once; null without billed days.
    /// </summary>
    public static long? RunRate(IReadOnlyList<long> billedDays, decimal daysToCover) =>
        billedDays.Count == 0 ? null : (long)Math.Round(billedDays.Sum() * daysToCover / billedDays.Count, MidpointRounding.AwayFromZero);

    /// <summary>The days to cover from <paramref name="unbilled"/>: whole days before today, and the whole hours of today that have passed.</summary>
    public static decimal DaysToCover(DateWindow unbilled, DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        var whole = unbilled.EachDay().Count(d => d < today);
        return whole + (unbilled.Contains(today) ? nowUtc.Hour / 24m : 0);
    }
}
