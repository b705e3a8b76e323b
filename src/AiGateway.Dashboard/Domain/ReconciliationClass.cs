namespace AiGateway.Dashboard.Domain;

/// <summary>How a row of gateway estimates compares with the bill (<see cref="ReconciliationFigures.Class"/>).</summary>
public enum ReconciliationClass
{
    /// <summary>The estimate is within the tolerance of the bill.</summary>
    Matched,
    /// <summary>Billed with no gateway usage: traffic that bypasses the gateway.</summary>
    Untracked,
    /// <summary>The gateway estimated more than the bill says.</summary>
    Overestimated,
    /// <summary>The gateway estimated less than the bill says.</summary>
    Underestimated,
    /// <summary>Some of the usage has no price, so the estimate is incomplete.</summary>
    Unpriced,
    /// <summary>Gateway usage on days the provider has not billed yet.</summary>
    NotYetBilled,
}
