namespace AiGateway.Dashboard.Domain;

/// <summary>
/// One row of reconciliation: what the provider billed and what the gateways' usage was estimated at. Usage on days the
/// provider has not billed yet (after its last billed day) is kept apart as pending, so it neither matches nor misses.
/// </summary>
/// <param name="EstimatedMicros">The estimate of the usage on days the provider has billed.</param>
/// <param name="PendingMicros">The estimate of the usage on days the provider has not billed yet.</param>
/// <param name="GatewayCostMicros">What the gateways said their events cost (<paramref name="GatewayCostEvents"/> of them sent one).</param>
public sealed record ReconciliationFigures(
    long BilledMicros,
    long EstimatedMicros,
    long PendingMicros,
    long Events,
    long PendingEvents,
    long UnpricedEvents,
    long GatewayCostMicros,
    long GatewayCostEvents)
{
    public static readonly ReconciliationFigures Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Estimated − billed, on the days both cover (positive: the gateway estimated more).</summary>
    public long DifferenceMicros => EstimatedMicros - BilledMicros;

    /// <summary>The difference as a percentage of the bill, to two places; null when nothing was billed.</summary>
    public decimal? DifferencePercent => BilledMicros == 0 ? null : Math.Round(DifferenceMicros * 100m / BilledMicros, 2, MidpointRounding.AwayFromZero);

    public ReconciliationClass Class(decimal tolerancePercent)
    {
        if (UnpricedEvents > 0) return ReconciliationClass.Unpriced;
        var billedDayEvents = Events - PendingEvents;
        if (BilledMicros == 0 && billedDayEvents == 0 && PendingEvents > 0) return ReconciliationClass.NotYetBilled;
        if (BilledMicros != 0 && billedDayEvents == 0) return ReconciliationClass.Untracked;
        if (Math.Abs(DifferenceMicros) * 100m <= tolerancePercent * Math.Abs(BilledMicros)) return ReconciliationClass.Matched;
        return DifferenceMicros > 0 ? ReconciliationClass.Overestimated : ReconciliationClass.Underestimated;
    }

    public static ReconciliationFigures operator +(ReconciliationFigures a, ReconciliationFigures b) => new(
        a.BilledMicros + b.BilledMicros, a.EstimatedMicros + b.EstimatedMicros, a.PendingMicros + b.PendingMicros, a.Events + b.Events,
        a.PendingEvents + b.PendingEvents, a.UnpricedEvents + b.UnpricedEvents, a.GatewayCostMicros + b.GatewayCostMicros, a.GatewayCostEvents + b.GatewayCostEvents);
}
