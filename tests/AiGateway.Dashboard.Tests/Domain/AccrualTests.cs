using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

/// <summary>Accrual arithmetic (issue 13 §6): the run rate, the days it covers, the true-up.</summary>
public class AccrualTests
{
    [Fact]
    public void A_run_rate_is_the_average_billed_day_times_the_days_to_cover_rounded_once()
    {
        Accrual.RunRate([1_000_000, 2_000_000, 0, 0, 0, 0, 4_000_000], 1.5m).ShouldBe(1_500_000); // $7 over 7 days = $1 a day
        Accrual.RunRate([1, 1, 1], 0.5m).ShouldBe(1); // 0.5 µ$ rounds away from zero, once
        Accrual.RunRate([], 3).ShouldBeNull();
    }

    [Fact]
    public void Days_to_cover_count_whole_days_before_today_and_whole_hours_of_today()
    {
        var unbilled = new DateWindow(new DateOnly(2026, 2, 27), new DateOnly(2026, 3, 1));
        Accrual.DaysToCover(unbilled, new DateTime(2026, 3, 1, 18, 59, 59, DateTimeKind.Utc)).ShouldBe(2.75m); // 27 and 28 February, 18 hours of 1 March
        Accrual.DaysToCover(unbilled, new DateTime(2026, 3, 5, 0, 0, 0, DateTimeKind.Utc)).ShouldBe(3m);
    }

    [Fact]
    public void The_true_up_is_the_final_bill_less_what_was_billed_and_accrued()
    {
        var last = new AccrualSnapshot { BilledMicros = 80_000_000, AccruedMicros = 1_800_000 };
        last.TrueUpMicros(333_000_000).ShouldBe(251_200_000);
        last.TrueUpMicros(81_000_000).ShouldBe(-800_000, "the accrual was $0.80 too high");
    }
}
