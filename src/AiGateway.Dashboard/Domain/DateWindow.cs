namespace AiGateway.Dashboard.Domain;

/// <summary>An inclusive range of UTC days.</summary>
public readonly record struct DateWindow(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Contains(DateOnly date) => date >= From && date <= To;

    /// <summary>The window as UTC instants: its first midnight and the midnight after its last day (exclusive).</summary>
    public (DateTime From, DateTime ToExclusive) Utc =>
        (From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    public IEnumerable<DateOnly> EachDay()
    {
        for (var d = From; d <= To; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
