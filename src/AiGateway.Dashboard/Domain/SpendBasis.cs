namespace AiGateway.Dashboard.Domain;

/// <summary>How spend is dated: as booked (closed months as closed, adjustments where they were booked) or by usage date.</summary>
public enum SpendBasis
{
    Booked = 0,
    Usage = 1,
}
