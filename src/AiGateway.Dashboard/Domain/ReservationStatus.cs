namespace AiGateway.Dashboard.Domain;

public enum ReservationStatus
{
    /// <summary>Holds its amount against every budget of its unit and the unit's ancestors.</summary>
    Open = 0,
    /// <summary>A usage event named it: the real cost replaced it.</summary>
    Settled = 1,
    /// <summary>The gateway released it (the request failed or was cancelled).</summary>
    Released = 2,
    /// <summary>Its time to live ran out before it was settled or released (stored as Open with a past <see cref="BudgetReservation.ExpiresUtc"/>).</summary>
    Expired = 3,
}
