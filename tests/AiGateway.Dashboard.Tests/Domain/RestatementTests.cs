using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class RestatementTests
{
    private static readonly DateOnly Oct5 = new(2026, 10, 5);
    private static readonly DateOnly FoundOn = new(2026, 11, 14);

    private static CostRecord Fact(string model, long micros, DateOnly? day = null, int? unit = 7)
    {
        var r = new CostRecord { ConnectionId = 1, Provider = ProviderKind.OpenAI, UsageDate = day ?? Oct5, Model = model, CostMicros = micros, InputTokens = micros / 10, Requests = 1, OrgUnitId = unit };
        r.ComputeNaturalKey();
        return r;
    }

    [Fact]
    public void A_restated_fact_yields_the_difference_booked_on_the_day_found()
    {
        var booked = new[] { Fact("gpt-4o", 100_000_000), Fact("gpt-4o-mini", 5_000_000) };
        var fetched = new[] { Fact("gpt-4o", 112_500_000), Fact("gpt-4o-mini", 5_000_000) };

        var adjustments = Restatement.Adjustments(booked, fetched, FoundOn);

        var a = adjustments.ShouldHaveSingleItem();
        a.CostMicros.ShouldBe(12_500_000);
        a.InputTokens.ShouldBe(1_250_000);
        a.Requests.ShouldBe(0);
        a.UsageDate.ShouldBe(FoundOn);
        a.RestatedDate.ShouldBe(Oct5);
        a.FactKey.ShouldBe(booked[0].NaturalKey);
        a.NaturalKey.ShouldNotBe(booked[0].NaturalKey);
        a.Model.ShouldBe("gpt-4o");
    }

    [Fact]
    public void A_credit_and_a_vanished_fact_are_negative_and_a_new_fact_is_added_whole()
    {
        var booked = new[] { Fact("gpt-4o", 100_000_000), Fact("o3", 40_000_000) };
        var credit = Fact("credit", -25_000_000, unit: null);
        var fetched = new[] { Fact("gpt-4o", 100_000_000), credit };

        var adjustments = Restatement.Adjustments(booked, fetched, FoundOn).OrderBy(a => a.CostMicros).ToList();

        adjustments.Select(a => (a.Model, a.CostMicros, a.OrgUnitId)).ShouldBe([("o3", -40_000_000L, (int?)7), ("credit", -25_000_000L, (int?)null)]);
        adjustments.Sum(a => a.CostMicros).ShouldBe(fetched.Sum(f => f.CostMicros) - booked.Sum(b => b.CostMicros));
    }

    [Fact]
    public void Earlier_adjustments_count_as_booked_and_todays_are_recomputed_so_a_repeat_books_nothing_twice()
    {
        var fact = Fact("gpt-4o", 100_000_000);
        var earlier = fact.AdjustmentOf(Oct5, new DateOnly(2026, 11, 3));
        earlier.CostMicros = 10_000_000;
        earlier.InputTokens = 1_000_000;
        var todays = fact.AdjustmentOf(Oct5, FoundOn);
        todays.CostMicros = 999_000_000;
        var fetched = new[] { Fact("gpt-4o", 112_500_000) };

        var adjustments = Restatement.Adjustments([fact, earlier, todays], fetched, FoundOn);

        adjustments.ShouldHaveSingleItem().CostMicros.ShouldBe(2_500_000);
        Restatement.Adjustments([fact, earlier], [Fact("gpt-4o", 110_000_000)], FoundOn).ShouldBeEmpty();
    }

    [Fact]
    public void Each_day_is_adjusted_on_its_own()
    {
        var oct6 = Oct5.AddDays(1);
        var booked = new[] { Fact("gpt-4o", 100, Oct5), Fact("gpt-4o", 100, oct6) };
        var fetched = new[] { Fact("gpt-4o", 50, Oct5), Fact("gpt-4o", 150, oct6) };

        var adjustments = Restatement.Adjustments(booked, fetched, FoundOn);

        adjustments.Select(a => (a.RestatedDate, a.CostMicros)).OrderBy(x => x.RestatedDate).ShouldBe([((DateOnly?)Oct5, -50L), (oct6, 50L)]);
        adjustments.Select(a => a.NaturalKey).Distinct().Count().ShouldBe(2);
    }
}
