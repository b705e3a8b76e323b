using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Budgets;

/// <param name="Reservation">The hold taken (or found again for the same request id); null when denied.</param>
/// <param name="Tightest">The budget with the least room left after the reservation (the blocking one when denied).</param>
/// <param name="Unit">Null when the request is attributed to no org unit (no budget applies).</param>
public sealed record ReservationOutcome(bool Allowed, BudgetReservation? Reservation, OrgUnit? Unit, BudgetHeadroom? Tightest, string? Reason);
