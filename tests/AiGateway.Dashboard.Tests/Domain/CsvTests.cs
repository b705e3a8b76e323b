using AiGateway.Dashboard.Features.Explore;

namespace AiGateway.Dashboard.Tests.Domain;

public class CsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+1234", "'+1234")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("\rReturn", "\"'\rReturn\"")]
    [InlineData("Search, prod", "\"Search, prod\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void Values_a_spreadsheet_would_run_are_written_as_text(string value, string expected) => Csv.Field(value).ShouldBe(expected);

    [Fact]
    public void Negative_amounts_stay_numbers() => Csv.Number(-12.5m).ShouldBe("-12.5");
}
