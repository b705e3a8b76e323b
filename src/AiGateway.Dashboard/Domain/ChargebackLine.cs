namespace AiGateway.Dashboard.Domain;

/// <summary>One journal line: a finance code charged on a GL account, in the currency's minor unit (cents).</summary>
/// <param name="Unallocated">The line carries unallocated spend (charged to a unit or spread over the cost centres).</param>
public sealed record ChargebackLine(string FinanceCode, string CostCentre, string GlAccount, string Description, long AmountMinor, long AmountMicros, bool Unallocated);
