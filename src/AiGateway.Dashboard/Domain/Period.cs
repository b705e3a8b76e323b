namespace AiGateway.Dashboard.Domain;

/// <summary>
/// A budget or reporting period: a UTC calendar month, or a fiscal quarter or year that starts in
/// <c>fiscalYearStartMonth</c>. Start and End are inclusive UTC dates.
/// </summary>
public readonly record struct Period(PeriodKind Kind, DateOnly Start, DateOnly End)
{
    public static Period Containing(PeriodKind kind, DateOnly date, int fiscalYearStartMonth = 1)
    {
        if (fiscalYearStartMonth is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(fiscalYearStartMonth), fiscalYearStartMonth, "Use 1 to 12.");
        }
        var lengthInMonths = kind switch
        {
            PeriodKind.Monthly => 1,
            PeriodKind.Quarterly => 3,
            PeriodKind.Annual => 12,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var monthsSinceFiscalStart = ((date.Month - fiscalYearStartMonth) % 12 + 12) % 12;
        var offset = kind == PeriodKind.Monthly ? 0 : monthsSinceFiscalStart % lengthInMonths;
        var start = new DateOnly(date.Year, date.Month, 1).AddMonths(-offset);
        return new Period(kind, start, start.AddMonths(lengthInMonths).AddDays(-1));
    }

    public static Period Month(int year, int month) =>
        new(PeriodKind.Monthly, new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1));

    public int Days => End.DayNumber - Start.DayNumber + 1;

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public Period Next() => Containing(Kind, End.AddDays(1), FiscalStartMonth);

    public Period Previous() => Containing(Kind, Start.AddDays(-1), FiscalStartMonth);

    /// <summary>Days of the period up to and including <paramref name="today"/> (0 before it starts).</summary>
    public int DaysElapsed(DateOnly today) =>
        today < Start ? 0 : Math.Min(Days, today.DayNumber - Start.DayNumber + 1);

    /// <summary>Days of the period that are over by <paramref name="today"/>: the running UTC day is not complete.</summary>
    public int CompleteDays(DateOnly today) => Contains(today) ? DaysElapsed(today) - 1 : DaysElapsed(today);

    /// <summary>The last day of the first <paramref name="days"/> days of the period (the day before its start for 0).</summary>
    public DateOnly ThroughDay(int days) => Start.AddDays(Math.Min(days, Days) - 1);

    /// <summary>The same number of days into the previous period, capped at its length ("same point last month").</summary>
    public DateOnly SamePointIn(Period other, DateOnly today)
    {
        var elapsed = DaysElapsed(today);
        return other.Start.AddDays(Math.Max(0, Math.Min(elapsed, other.Days) - 1));
    }

    public string Label => Kind switch
    {
        PeriodKind.Monthly => Start.ToString("yyyy-MM"),
        _ => $"{Start:yyyy-MM-dd} – {End:yyyy-MM-dd}",
    };

    // A quarter or year starts in the fiscal start month (or a month three apart); recover it for Next/Previous.
    private int FiscalStartMonth => Kind == PeriodKind.Monthly ? 1 : (Kind == PeriodKind.Annual ? Start.Month : ((Start.Month - 1) % 3) + 1);
}
