using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Reports;

/// <summary>A month's chargeback journal: its lines (in cents) and the month's booked total they tie to.</summary>
public sealed record ChargebackJournal(Period Month, IReadOnlyList<ChargebackLine> Lines, long TotalMicros, bool Final)
{
    public string Currency => ReportingCurrency.Code;

    /// <summary>The month's total in cents, rounded once; the lines sum to exactly this.</summary>
    public long TotalMinor => LargestRemainder.RoundHalfAway(TotalMicros, Chargeback.MicrosPerCent);
}
