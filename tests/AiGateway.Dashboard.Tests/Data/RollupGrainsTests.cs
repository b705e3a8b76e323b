using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Dashboard.Tests.Data;

/// <summary>
/// Every question answered by the engine (lean or full grains, months and edge days) equals the same question
/// answered from the facts themselves, to the micro-dollar: two connections, restated days, estimates, unallocated
/// rows and spend dated after the range's end in its last month.
/// </summary>
public class RollupGrainsTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Fixture(TestDatabase Db, List<CostRecord> Facts, int UnitA, int UnitB) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    private static async Task<Fixture> SeedAsync()
    {
        var db = await TestDatabase.CreateAsync();
        await using var context = db.CreateDbContext();
        var root = new OrgUnit { Code = "org", Name = "Org", Kind = OrgUnitKind.Organization };
        context.OrgUnits.Add(root);
        await context.SaveChangesAsync();
        var a = new OrgUnit { Code = "a", Name = "A", Kind = OrgUnitKind.Team, ParentId = root.Id };
        var b = new OrgUnit { Code = "b", Name = "B", Kind = OrgUnitKind.Team, ParentId = root.Id };
        var first = new ProviderConnection { Kind = ProviderKind.OpenAI, Name = "one", CreatedUtc = new DateTime(2025, 1, 1) };
        var second = new ProviderConnection { Kind = ProviderKind.Anthropic, Name = "two", CreatedUtc = new DateTime(2025, 1, 1) };
        context.AddRange(a, b, first, second);
        await context.SaveChangesAsync();

        var random = new Random(23);
        var facts = new List<CostRecord>();
        int?[] units = [a.Id, b.Id, null];
        string?[] projects = ["proj_1", "proj_2", "proj_3", null];
        // Every day from a year before today's year to five days after today (spend dated later than the questions' end).
        for (var day = new DateOnly(2025, 10, 1); day <= Today.AddDays(5); day = day.AddDays(1))
        {
            for (var i = 0; i < 6; i++)
            {
                var connection = i % 2 == 0 ? first : second;
                var restated = i == 5 && day.Day % 7 == 0 ? day.AddDays(-40 - random.Next(30)) : (DateOnly?)null;
                facts.Add(new CostRecord
                {
                    ConnectionId = connection.Id,
                    Provider = (ProviderKind)(1 + random.Next(3)),
                    UsageDate = day,
                    RestatedDate = restated,
                    NaturalKey = restated is { } d ? $"adj:{d:yyyy-MM-dd}|k{i}" : $"k{i}",
                    Model = $"model-{random.Next(5)}",
                    ProjectId = projects[random.Next(projects.Length)],
                    OrgUnitId = units[random.Next(units.Length)],
                    Kind = random.Next(4) == 0 ? CostKind.UsageEstimated : CostKind.Billed,
                    InputTokens = random.Next(1_000_000),
                    OutputTokens = random.Next(100_000),
                    Requests = random.Next(1_000),
                    CostMicros = random.Next(-50_000, 9_000_000),
                });
            }
        }
        context.CostRecords.AddRange(facts);
        await context.SaveChangesAsync();
        await using (var tx = await context.Database.BeginTransactionAsync())
        {
            await RollupBuilder.RebuildAllAsync(context, CancellationToken.None);
            await tx.CommitAsync();
        }
        return new Fixture(db, facts, a.Id, b.Id);
    }

    private static IEnumerable<SpendRow> Expected(List<CostRecord> facts, SpendQuery query)
    {
        var rows = facts.Select(r => (Fact: r, Day: query.Basis == SpendBasis.Booked ? r.UsageDate : r.UsageDay))
            .Where(x => x.Day >= query.From && x.Day <= query.To)
            .Where(x => !query.BilledOnly || x.Fact.Kind == CostKind.Billed)
            .Where(x => query.Scope.CanSee(x.Fact.OrgUnitId))
            .Where(x => query.Filter.Models.Count == 0 || query.Filter.Models.Contains(x.Fact.Model))
            .Where(x => !query.Filter.Unallocated || x.Fact.OrgUnitId is null);
        SpendKey Key((CostRecord Fact, DateOnly Day) x) => new()
        {
            Provider = query.GroupBy.Contains(SpendDimension.Provider) ? x.Fact.Provider : null,
            Model = query.GroupBy.Contains(SpendDimension.Model) ? x.Fact.Model : null,
            OrgUnitId = query.GroupBy.Contains(SpendDimension.OrgUnit) ? x.Fact.OrgUnitId : null,
            Project = query.GroupBy.Contains(SpendDimension.Project) ? x.Fact.ProjectId ?? "" : null,
            ConnectionId = query.GroupBy.Contains(SpendDimension.Connection) ? x.Fact.ConnectionId : null,
            Day = query.GroupBy.Contains(SpendDimension.Day) ? x.Day
                : query.GroupBy.Contains(SpendDimension.Month) ? new DateOnly(x.Day.Year, x.Day.Month, 1) : null,
        };
        return rows.GroupBy(Key).Select(g => new SpendRow(g.Key, g.Sum(x => x.Fact.CostMicros), g.Sum(x => x.Fact.InputTokens), 0,
            g.Sum(x => x.Fact.OutputTokens), g.Sum(x => x.Fact.Requests), g.Sum(x => x.Fact.Kind == CostKind.Billed ? x.Fact.CostMicros : 0)));
    }

    private static readonly SpendDimension[][] Groupings =
    [
        [], [SpendDimension.Model], [SpendDimension.Provider, SpendDimension.Model], [SpendDimension.OrgUnit],
        [SpendDimension.OrgUnit, SpendDimension.Month], [SpendDimension.Model, SpendDimension.Day], [SpendDimension.Project],
        [SpendDimension.Connection, SpendDimension.OrgUnit],
    ];

    private static readonly (string From, string To)[] Ranges =
    [
        ("2025-11-21", "2026-11-20"), // a year to today, with spend dated after today in its month
        ("2026-01-15", "2026-04-10"), ("2026-11-01", "2026-11-20"), ("2026-02-01", "2026-02-28"), ("2025-10-01", "2026-11-30"),
        ("2026-03-31", "2026-03-31"), ("2024-01-01", "2025-09-30"),
    ];

    [Fact]
    public async Task Every_question_on_every_grain_equals_the_facts_to_the_micro_dollar()
    {
        await using var fixture = await SeedAsync();
        var engine = new SpendQueries(fixture.Db, new FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)));
        var asked = 0;
        foreach (var (from, to) in Ranges)
        {
            foreach (var groupBy in Groupings)
            {
                SpendQuery[] variants =
                [
                    new(DateOnly.Parse(from), DateOnly.Parse(to), groupBy),
                    new(DateOnly.Parse(from), DateOnly.Parse(to), groupBy) { Basis = SpendBasis.Usage },
                    new(DateOnly.Parse(from), DateOnly.Parse(to), groupBy) { BilledOnly = true },
                    new(DateOnly.Parse(from), DateOnly.Parse(to), groupBy) { Scope = new SpendScope(new HashSet<int> { fixture.UnitA }) },
                    new(DateOnly.Parse(from), DateOnly.Parse(to), groupBy) { Filter = new SpendFilter { Unallocated = true } },
                    new(DateOnly.Parse(from), DateOnly.Parse(to), groupBy) { Filter = new SpendFilter { Models = ["model-1", "model-3"] } },
                ];
                foreach (var query in variants)
                {
                    var actual = (await engine.QueryAsync(query, Ct))
                        .Select(r => r with { CachedInputTokens = 0 }).OrderBy(r => r.Key.ToString()).ToList();
                    var expected = Expected(fixture.Facts, query).OrderBy(r => r.Key.ToString()).ToList();
                    actual.ShouldBe(expected, $"{from}..{to} by [{string.Join(", ", groupBy)}], basis {query.Basis}, billed only {query.BilledOnly}, " +
                        $"scoped {!query.Scope.IsAll}, unallocated {query.Filter.Unallocated}, models [{string.Join(", ", query.Filter.Models)}]");
                    asked++;
                }
            }
        }
        asked.ShouldBe(Ranges.Length * Groupings.Length * 6);
    }

    [Fact]
    public async Task The_lean_grains_hold_the_same_money_as_the_full_ones_in_fewer_rows()
    {
        await using var fixture = await SeedAsync();
        await using var db = fixture.Db.CreateDbContext();
        var total = fixture.Facts.Sum(r => r.CostMicros);
        foreach (var grain in Enum.GetValues<RollupGrain>())
        {
            // Each fact counts once per grain on the booked basis (both + booked-only rows).
            (await db.Rollups.Where(r => r.Grain == grain && r.Basis != RollupBasis.UsageOnly).SumAsync(r => r.CostMicros, Ct)).ShouldBe(total, grain.ToString());
        }
        var full = await db.Rollups.CountAsync(r => r.Grain == RollupGrain.Day, Ct);
        (await db.Rollups.CountAsync(r => r.Grain == RollupGrain.ModelDay, Ct)).ShouldBeLessThan(full);
        (await db.Rollups.CountAsync(r => r.Grain == RollupGrain.UnitDay, Ct)).ShouldBeLessThan(full);
        (await db.Rollups.AnyAsync(r => r.Grain == RollupGrain.ModelDay && (r.OrgUnitId != null || r.ProjectId != ""), Ct)).ShouldBeFalse();
        (await db.Rollups.AnyAsync(r => r.Grain == RollupGrain.UnitMonth && (r.Model != "" || r.Provider != ProviderKind.Simulated), Ct)).ShouldBeFalse();
    }
}
