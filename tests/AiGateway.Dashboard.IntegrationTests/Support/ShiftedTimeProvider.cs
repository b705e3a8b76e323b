namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>
/// The app's clock moved to a chosen instant that then runs on at real speed (timers and time-outs keep working),
/// so a test can stand on the 1st, the last day of a month or 29 February whatever day it runs.
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    /// <summary>Moves the clock on (an expiry, midnight) without waiting for it.</summary>
    public void Advance(TimeSpan by) => _offset += by;

    public DateOnly Today => DateOnly.FromDateTime(GetUtcNow().UtcDateTime);
}
