namespace AiGateway.Dashboard.Domain;

/// <summary>
/// The last accrual of a provider's month that had something to accrue, kept so that when the month closes its
/// true-up (the final bill against what was billed plus accrued then) can be listed.
/// </summary>
public class AccrualSnapshot
{
    public long Id { get; set; }
    public DateOnly MonthStart { get; set; }
    public ProviderKind Provider { get; set; }
    public DateTime AsOfUtc { get; set; }
    public long BilledMicros { get; set; }
    public long AccruedMicros { get; set; }
    public AccrualMethod Method { get; set; }

    /// <summary>The final bill less what was billed and accrued then: positive when the accrual was short.</summary>
    public long TrueUpMicros(long finalBilledMicros) => finalBilledMicros - BilledMicros - AccruedMicros;
}
