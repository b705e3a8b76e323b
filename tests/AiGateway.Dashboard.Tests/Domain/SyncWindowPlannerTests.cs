using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class SyncWindowPlannerTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Fact]
    public void The_first_run_backfills_the_configured_days_up_to_today() =>
        SyncWindowPlanner.Plan(Today, null, 90, 3).ShouldBe(new DateWindow(Today.AddDays(-89), Today));

    [Fact]
    public void Later_runs_repull_the_overlap_before_the_last_complete_day() =>
        SyncWindowPlanner.Plan(Today, Today, 90, 3).ShouldBe(new DateWindow(new DateOnly(2026, 11, 16), Today));

    [Fact]
    public void Until_the_10th_the_previous_month_is_repulled()
    {
        var today = new DateOnly(2026, 12, 9);
        SyncWindowPlanner.Plan(today, today, 90, 3).From.ShouldBe(new DateOnly(2026, 11, 1));
    }

    [Fact]
    public void From_the_10th_the_previous_month_is_closed()
    {
        var today = new DateOnly(2026, 12, 10);
        SyncWindowPlanner.Plan(today, today, 90, 3).From.ShouldBe(new DateOnly(2026, 12, 6));
    }

    [Fact]
    public void A_long_idle_connection_catches_up_over_its_backfill_period_only() =>
        SyncWindowPlanner.Plan(Today, Today.AddDays(-400), 30, 3).From.ShouldBe(Today.AddDays(-29));

    [Theory]
    [InlineData(0, 3)]
    [InlineData(10, -1)]
    public void Nonsense_settings_are_refused(int backfill, int overlap) =>
        Should.Throw<ArgumentOutOfRangeException>(() => SyncWindowPlanner.Plan(Today, null, backfill, overlap));
}
