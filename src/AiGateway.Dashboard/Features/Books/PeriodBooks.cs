using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Books;

/// <summary>
/// One month's books as the Books page and <c>GET /api/v1/periods</c> show them.
/// </summary>
/// <param name="Books">The month's close record; null for a month never closed.</param>
/// <param name="TotalMicros">The month's booked total now (for a closed month: what it was closed at).</param>
/// <param name="RestatedSinceCloseMicros">Adjustments of this month found after it closed, booked in later months (signed).</param>
/// <param name="AdjustmentsBookedMicros">Adjustments of earlier, closed months booked in this month (signed).</param>
public sealed record PeriodBooks(Period Month, BookMonth? Books, long TotalMicros, long RestatedSinceCloseMicros, long AdjustmentsBookedMicros)
{
    public bool Closed => Books is { Closed: true };

    public string Status => Closed ? "closed" : "open";
}
