using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

/// <summary>The reconciliation classes (issue 13 §5), at their edges.</summary>
public class ReconciliationTests
{
    private static ReconciliationFigures Row(long billed, long estimated, long events = 1, long pending = 0, long pendingEvents = 0, long unpriced = 0) =>
        new(billed, estimated, pending, events, pendingEvents, unpriced, 0, 0);

    [Fact]
    public void Within_the_tolerance_is_matched_and_one_micro_dollar_beyond_is_not()
    {
        Row(1_000_000, 1_020_000).Class(2).ShouldBe(ReconciliationClass.Matched);
        Row(1_000_000, 980_000).Class(2).ShouldBe(ReconciliationClass.Matched);
        Row(1_000_000, 1_020_001).Class(2).ShouldBe(ReconciliationClass.Overestimated);
        Row(1_000_000, 979_999).Class(2).ShouldBe(ReconciliationClass.Underestimated);
        Row(1_000_000, 1_000_000).Class(0).ShouldBe(ReconciliationClass.Matched);
    }

    [Fact]
    public void Billed_without_usage_is_untracked_usage_after_the_last_billed_day_is_not_yet_billed()
    {
        Row(5_000_000, 0, events: 0).Class(2).ShouldBe(ReconciliationClass.Untracked);
        Row(0, 0, events: 3, pending: 700, pendingEvents: 3).Class(2).ShouldBe(ReconciliationClass.NotYetBilled);
        Row(0, 400, events: 2).Class(2).ShouldBe(ReconciliationClass.Overestimated, "the provider billed that day, but nothing for this usage");
        Row(5_000_000, 0, events: 3, pending: 700, pendingEvents: 3).Class(2).ShouldBe(ReconciliationClass.Untracked, "pending usage does not cover billed days");
    }

    [Fact]
    public void Any_unpriced_usage_makes_the_row_unpriced()
    {
        Row(1_000_000, 1_000_000, events: 5, unpriced: 1).Class(2).ShouldBe(ReconciliationClass.Unpriced);
    }

    [Fact]
    public void The_difference_is_estimated_minus_billed_and_its_percentage_is_of_the_bill()
    {
        var row = Row(3_000_000, 2_000_000);
        (row.DifferenceMicros, row.DifferencePercent).ShouldBe((-1_000_000L, -33.33m));
        Row(0, 10).DifferencePercent.ShouldBeNull();
        (Row(1, 2) + Row(3, 4, events: 2)).ShouldBe(Row(4, 6, events: 3));
    }
}
