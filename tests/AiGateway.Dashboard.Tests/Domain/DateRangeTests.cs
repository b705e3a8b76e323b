using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

/// <summary>Two typed dates as a window, or why not, in one rule for the Reports exports and Explore's custom range.</summary>
public class DateRangeTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static (DateWindow? Window, string? Problem) Parse(string? from, string? to) =>
        DateLimits.ParseRange(from, to, Today, 400, days => $"{days} days is too long");

    [Fact]
    public void A_good_range_is_its_window_to_inclusive() =>
        Parse(" 2026-03-01 ", "2026-03-31").ShouldBe((new DateWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), null));

    [Theory]
    [InlineData("", "2026-03-31", "Choose a From date.")]
    [InlineData("2026-03-01", null, "Choose a To date.")]
    [InlineData("2026-13-01", "2026-12-31", "From '2026-13-01' is not a date: write it as YYYY-MM-DD.")]
    [InlineData("2026-03-10", "2026-03-01", "To (2026-03-01) is before From (2026-03-10).")]
    [InlineData("1999-12-31", "2026-01-01", "From: 1999-12-31 is outside the dates accepted here (2000-01-01 to 2031-12-01).")]
    [InlineData("2025-01-01", "2026-02-05", "401 days is too long")]
    public void A_bad_range_says_what_is_wrong(string? from, string? to, string problem) =>
        Parse(from, to).ShouldBe((null, problem));

    [Fact]
    public void The_longest_range_is_accepted_on_a_29_February()
    {
        var leap = new DateOnly(2028, 2, 29);
        DateLimits.ParseRange("2027-02-26", "2028-02-29", leap, 369, d => "too long").Window.ShouldNotBeNull().Days.ShouldBe(369);
    }
}
