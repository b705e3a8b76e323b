using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Providers.Simulated;

namespace AiGateway.Dashboard.Tests.Providers;

public class SimulatedSpendGeneratorTests
{
    private static readonly DateOnly Anchor = new(2026, 11, 20);
    private readonly SimulatedSpendGenerator _generator = new(new SimulatedSettings(42, Anchor));

    private List<CostRecord> Generate(DateOnly from, DateOnly to) => _generator.Generate(new DateWindow(from, to)).ToList();

    [Fact]
    public void A_day_has_the_same_numbers_whatever_window_it_is_generated_in()
    {
        var day = Anchor.AddDays(-20);
        var alone = Generate(day, day);
        var inside = Generate(day.AddDays(-10), day.AddDays(5)).Where(r => r.UsageDate == day).ToList();
        inside.Select(r => (r.NaturalKey, r.CostMicros, r.InputTokens, r.Requests))
            .ShouldBe(alone.Select(r => (r.NaturalKey, r.CostMicros, r.InputTokens, r.Requests)));
    }

    [Fact]
    public void Another_seed_gives_other_numbers()
    {
        var other = new SimulatedSpendGenerator(new SimulatedSettings(7, Anchor)).Generate(new DateWindow(Anchor, Anchor)).Sum(r => r.CostMicros);
        other.ShouldNotBe(Generate(Anchor, Anchor).Sum(r => r.CostMicros));
    }

    [Fact]
    public void It_covers_at_least_three_providers_eight_models_and_twelve_projects()
    {
        var rows = Generate(Anchor.AddDays(-6), Anchor);
        rows.Select(r => r.Provider).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);
        rows.Select(r => r.Model).Distinct().Count().ShouldBeGreaterThanOrEqualTo(8);
        rows.Select(r => r.ProjectId).Distinct().Count().ShouldBeGreaterThanOrEqualTo(12);
        SimulatedSpendGenerator.Projects.Select(p => p.Team).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Weekends_are_quieter_than_weekdays()
    {
        var rows = Generate(Anchor.AddDays(-55), Anchor.AddDays(-14)).Where(r => r.UsageDate != _generator.SpikeDate).ToList();
        var byDay = rows.GroupBy(r => r.UsageDate).ToDictionary(g => g.Key, g => g.Sum(r => r.CostMicros));
        var weekend = byDay.Where(d => d.Key.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).Average(d => d.Value);
        var weekday = byDay.Where(d => d.Key.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Average(d => d.Value);
        weekend.ShouldBeLessThan(weekday * 0.5);
    }

    [Fact]
    public void Spend_grows_over_the_quarter()
    {
        long Week(DateOnly end) => Generate(end.AddDays(-6), end).Sum(r => r.CostMicros);
        Week(Anchor.AddDays(-70)).ShouldBeLessThan(Week(Anchor.AddDays(-14)));
    }

    [Fact]
    public void The_spike_day_is_far_above_its_usual_level()
    {
        var spike = _generator.SpikeDate;
        long Cost(DateOnly d) => Generate(d, d).Where(r => r.ProjectId == SimulatedSpendGenerator.SpikeProject && r.Model == SimulatedSpendGenerator.SpikeModel).Sum(r => r.CostMicros);
        Cost(spike).ShouldBeGreaterThan(4 * Cost(spike.AddDays(-7)));
    }

    [Fact]
    public void Cost_is_the_token_price_arithmetic_to_the_micro_dollar()
    {
        foreach (var r in Generate(Anchor.AddDays(-3), Anchor))
        {
            var model = SimulatedSpendGenerator.Models.Single(m => m.Name == r.Model);
            var exact = ((decimal)(r.InputTokens - r.CachedInputTokens) * model.InputPerMillion
                         + (decimal)r.CachedInputTokens * model.CachedInputPerMillion
                         + (decimal)r.OutputTokens * model.OutputPerMillion) / 1_000_000m;
            r.CostMicros.ShouldBe((long)decimal.Round(exact, 0, MidpointRounding.AwayFromZero));
            r.CostMicros.ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public void The_current_day_holds_only_its_whole_hours_and_later_days_nothing()
    {
        var whole = Generate(Anchor, Anchor).Sum(r => r.Requests);
        var at = new DateTimeOffset(Anchor.ToDateTime(new TimeOnly(12, 45)), TimeSpan.Zero);
        var half = _generator.Generate(new DateWindow(Anchor, Anchor.AddDays(3)), at).ToList();
        half.ShouldAllBe(r => r.UsageDate == Anchor, "nothing after the day of asking");
        ((double)half.Sum(r => r.Requests) / whole).ShouldBeInRange(0.49, 0.51, "12 of 24 hours");
        _generator.Generate(new DateWindow(Anchor, Anchor), new DateTimeOffset(Anchor.ToDateTime(new TimeOnly(0, 20)), TimeSpan.Zero)).ShouldBeEmpty();
        _generator.Generate(new DateWindow(Anchor.AddDays(-1), Anchor.AddDays(-1)), at).Sum(r => r.Requests)
            .ShouldBe(Generate(Anchor.AddDays(-1), Anchor.AddDays(-1)).Sum(r => r.Requests), "earlier days are whole");
    }
}
