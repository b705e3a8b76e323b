using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Tests.Domain;

public class ChargebackTests
{
    private static readonly Period November = Period.Month(2026, 11);

    // Contoso (no code) › Engineering (ENG-100) › Search (no code: inherits) ; Finance (FIN-200) ; Lab (no code anywhere above).
    private static OrgTree Tree() => new([
        new OrgUnit { Id = 1, Code = "contoso", Name = "Contoso", Kind = OrgUnitKind.Organization },
        new OrgUnit { Id = 2, Code = "eng", Name = "Engineering", ParentId = 1, FinanceCode = "ENG-100", Kind = OrgUnitKind.CostCentre },
        new OrgUnit { Id = 3, Code = "search", Name = "Search", ParentId = 2, Kind = OrgUnitKind.Team },
        new OrgUnit { Id = 4, Code = "finance", Name = "Finance", ParentId = 1, FinanceCode = "FIN-200", Kind = OrgUnitKind.CostCentre },
        new OrgUnit { Id = 5, Code = "lab", Name = "Lab", ParentId = 1, Kind = OrgUnitKind.Team },
    ]);

    private static string Gl(ProviderKind p) => p == ProviderKind.Anthropic ? "6421" : "6420";

    [Fact]
    public void Largest_remainder_splits_and_rounds_without_losing_a_unit()
    {
        LargestRemainder.Apportion(100, [1, 1, 1]).ShouldBe([34L, 33, 33]);
        LargestRemainder.Apportion(-100, [1, 1, 1]).Sum().ShouldBe(-100);
        LargestRemainder.Apportion(7, [0, 0]).ShouldBe([4L, 3]);
        LargestRemainder.Apportion(10, [5, -3]).ShouldBe([10L, 0]);
        // 3 × $0.333333 is $0.999999 → 100 cents in all; one line carries the extra cent.
        LargestRemainder.RoundTo([333_333, 333_333, 333_333], 10_000).ShouldBe([34L, 33, 33]);
        LargestRemainder.RoundTo([-5_000, 15_000], 10_000).Sum().ShouldBe(1);
        LargestRemainder.RoundHalfAway(-15_000, 10_000).ShouldBe(-2);
    }

    [Fact]
    public void Lines_per_inherited_finance_code_and_GL_account_sum_exactly_to_the_total_in_cents()
    {
        var spend = new[]
        {
            new ChargebackSpend(3, ProviderKind.OpenAI, 100_004_999),    // Search → ENG-100
            new ChargebackSpend(2, ProviderKind.OpenAI, 50_004_999),     // Engineering itself → the same line
            new ChargebackSpend(3, ProviderKind.Anthropic, 20_333_333),
            new ChargebackSpend(4, ProviderKind.OpenAI, 10_333_333),
            new ChargebackSpend(4, ProviderKind.OpenAI, -2_000_000),     // a credit
            new ChargebackSpend(5, ProviderKind.OpenAI, 1_234_567),      // no code anywhere
        };

        var lines = Chargeback.Journal(spend, Tree(), Gl, unallocatedTo: null, November);

        lines.Select(l => (l.FinanceCode, l.CostCentre, l.GlAccount, l.AmountMicros)).ShouldBe([
            ("", Chargeback.NoFinanceCode, "6420", 1_234_567L),
            ("ENG-100", "Engineering", "6420", 150_009_998L),
            ("ENG-100", "Engineering", "6421", 20_333_333L),
            ("FIN-200", "Finance", "6420", 8_333_333L),
        ]);
        lines.Sum(l => l.AmountMinor).ShouldBe(LargestRemainder.RoundHalfAway(spend.Sum(s => s.CostMicros), 10_000));
        lines.ShouldAllBe(l => l.Description == "AI spend 2026-11" && !l.Unallocated);
    }

    [Fact]
    public void Unallocated_spend_is_spread_in_proportion_on_lines_of_its_own_or_charged_to_one_unit()
    {
        var spend = new[]
        {
            new ChargebackSpend(3, ProviderKind.OpenAI, 300_000_000),
            new ChargebackSpend(4, ProviderKind.OpenAI, 100_000_000),
            new ChargebackSpend(null, ProviderKind.OpenAI, 10_000_001),
            new ChargebackSpend(null, ProviderKind.Anthropic, 4_000_000), // nobody has Anthropic spend: spread over all
        };
        var total = LargestRemainder.RoundHalfAway(spend.Sum(s => s.CostMicros), 10_000);

        var spread = Chargeback.Journal(spend, Tree(), Gl, unallocatedTo: null, November);

        var shares = spread.Where(l => l.Unallocated).ToList();
        shares.Where(l => l.GlAccount == "6420").Select(l => (l.FinanceCode, l.AmountMicros)).ShouldBe([("ENG-100", 7_500_001L), ("FIN-200", 2_500_000L)]);
        shares.Where(l => l.GlAccount == "6421").Sum(l => l.AmountMicros).ShouldBe(4_000_000);
        shares.First().Description.ShouldBe("AI spend 2026-11: share of unallocated spend (75.0 %)");
        spread.Sum(l => l.AmountMinor).ShouldBe(total);

        var charged = Chargeback.Journal(spend, Tree(), Gl, unallocatedTo: 4, November);

        charged.Where(l => l.Unallocated).Select(l => (l.FinanceCode, l.GlAccount, l.AmountMicros)).ShouldBe([("FIN-200", "6420", 10_000_001L), ("FIN-200", "6421", 4_000_000L)]);
        charged.Where(l => l.Unallocated).ShouldAllBe(l => l.Description.EndsWith("unallocated spend charged to Finance"));
        charged.Sum(l => l.AmountMinor).ShouldBe(total);
    }

    [Fact]
    public void With_nothing_allocated_the_unallocated_spend_is_one_visible_line()
    {
        var lines = Chargeback.Journal([new ChargebackSpend(null, ProviderKind.OpenAI, 5_000_000)], Tree(), Gl, null, November);

        var line = lines.ShouldHaveSingleItem();
        line.Unallocated.ShouldBeTrue();
        line.AmountMinor.ShouldBe(500);
        line.Description.ShouldContain("no cost centre to spread it over");
    }
}
