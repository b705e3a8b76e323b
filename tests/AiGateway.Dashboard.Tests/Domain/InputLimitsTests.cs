using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class InputLimitsTests
{
    private static readonly DateOnly Today = new(2028, 2, 29);

    [Theory]
    [InlineData("1999-12-31", false)]
    [InlineData("2000-01-01", true)]
    [InlineData("2033-02-28", true)]
    [InlineData("2033-03-01", false)]
    [InlineData("9999-12-31", false)]
    [InlineData("0001-01-01", false)]
    public void Dates_are_accepted_from_2000_to_five_years_ahead(string day, bool accepted) =>
        (DateLimits.Problem(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Today) is null).ShouldBe(accepted);

    [Fact]
    public void A_huge_window_is_clamped_into_the_accepted_dates_keeping_its_end()
    {
        var clamped = DateLimits.Clamp(new DateWindow(DateOnly.MinValue, new DateOnly(9999, 11, 30)), Today, maxDays: 3_700);
        clamped.To.ShouldBe(new DateOnly(2033, 2, 28));
        clamped.Days.ShouldBe(3_700);
        DateLimits.Clamp(new DateWindow(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), Today, 3_700)
            .ShouldBe(new DateWindow(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));
    }

    [Theory]
    [InlineData("Tickets resolved", null)]
    [InlineData("  ", "Name is required.")]
    [InlineData("bad\0name", "Name contains a control character (U+0000); remove it.")]
    [InlineData("esc\u001b[31m", "Name contains a control character (U+001B); remove it.")]
    [InlineData("two\nlines", "Name contains a control character (U+000A); remove it.")]
    [InlineData("rtl\u202Eevil", "Name contains a control character (U+202E); remove it.")]
    public void Text_is_refused_with_control_characters_or_empty(string value, string? problem) =>
        TextInput.Problem(value, "Name", 200).ShouldBe(problem);

    [Fact]
    public void Text_longer_than_its_limit_is_refused_and_multi_line_text_keeps_its_breaks()
    {
        TextInput.Problem(new string('x', 201), "Name", 200).ShouldBe("Name has 201 characters; at most 200 are allowed.");
        TextInput.Problem("first line\nsecond line", "Justification", 2000, multiLine: true).ShouldBeNull();
        TextInput.Problem("", "Comment", 100, required: false).ShouldBeNull();
    }
}
