using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;

namespace AiGateway.Dashboard.Tests.Domain;

/// <summary>Live budget figures (issue 13 §4): the reservation rule, and live spend that an evaluation never counts twice.</summary>
public class LiveBudgetTests
{
    private const long D = Money.MicrosPerUnit;
    private static readonly Period December = Period.Month(2026, 12);

    private static BudgetStatus Status(long budget, long actual, bool hard = true, int unit = 3, int id = 1) =>
        new(id, unit, December, budget * D, actual * D, new Forecast(December, actual * D, null, ""), hard);

    [Fact]
    public void A_reservation_is_refused_only_when_it_would_pass_a_hard_limit()
    {
        BudgetHeadroom[] chain = [new(Status(10, 4, hard: true), 5 * D)];
        BudgetReservation.Blocking(chain, 1 * D).ShouldBeNull("4 spent + 5 reserved + 1 = 10: exactly at the limit is allowed");
        BudgetReservation.Blocking(chain, 1 * D + 1).ShouldBe(chain[0], "one micro-dollar more passes it");
        BudgetReservation.Blocking([new(Status(10, 40, hard: false), 0)], 1 * D).ShouldBeNull("a soft budget only warns");
        chain[0].RemainingMicros.ShouldBe(1 * D);
    }

    [Fact]
    public void An_ancestors_hard_limit_refuses_a_reservation_the_unit_could_afford()
    {
        BudgetHeadroom own = new(Status(100, 10, unit: 3, id: 1), 0), parent = new(Status(50, 45, unit: 1, id: 2), 4 * D);
        BudgetReservation.Blocking([own, parent], 2 * D).ShouldBe(parent);
    }

    private static BudgetSnapshot Snapshot()
    {
        var snapshot = new BudgetSnapshot();
        snapshot.Replace(new DateTime(2026, 12, 15, 10, 0, 0, DateTimeKind.Utc),
        [
            new OrgUnit { Id = 1, Code = "org", Name = "Org" },
            new OrgUnit { Id = 3, ParentId = 1, Code = "search", Name = "Search" },
        ], [Status(100, 10, unit: 3, id: 1), Status(500, 200, unit: 1, id: 2)]);
        return snapshot;
    }

    [Fact]
    public void Live_spend_reaches_the_unit_and_its_ancestors_within_the_period()
    {
        var snapshot = Snapshot();
        snapshot.AddLive([new LiveSpend(3, new DateOnly(2026, 12, 15), 7 * D), new LiveSpend(3, new DateOnly(2026, 11, 30), 99 * D)]);
        snapshot.All.Single(s => s.BudgetId == 1).ActualMicros.ShouldBe(17 * D, "November's change is outside December's budget");
        snapshot.All.Single(s => s.BudgetId == 2).ActualMicros.ShouldBe(207 * D);
        snapshot.Check("search")!.Own!.RemainingMicros.ShouldBe(83 * D);
    }

    [Fact]
    public void An_evaluation_keeps_only_the_live_changes_it_did_not_read()
    {
        var snapshot = Snapshot();
        snapshot.AddLive([new LiveSpend(3, new DateOnly(2026, 12, 15), 7 * D)]);
        var read = snapshot.LiveSequence; // the evaluation's reading includes the first batch …
        snapshot.AddLive([new LiveSpend(3, new DateOnly(2026, 12, 15), 2 * D)]); // … the second committed after it

        snapshot.Replace(DateTime.UtcNow, [new OrgUnit { Id = 1, Code = "org", Name = "Org" }, new OrgUnit { Id = 3, ParentId = 1, Code = "search", Name = "Search" }],
            [Status(100, 17, unit: 3, id: 1), Status(500, 207, unit: 1, id: 2)], includesLive: read);

        snapshot.All.Single(s => s.BudgetId == 1).ActualMicros.ShouldBe(19 * D);
        snapshot.All.Single(s => s.BudgetId == 2).ActualMicros.ShouldBe(209 * D);
    }
}
