using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Outcomes;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Dashboard.Tests.Sync;

public class OutcomesServiceTests
{
    private static async Task<(TestDatabase Db, OutcomesService Service, int UnitId)> ArrangeAsync()
    {
        var db = await TestDatabase.CreateAsync();
        await using var context = db.CreateDbContext();
        var unit = new OrgUnit { Code = "support", Name = "Support", Kind = OrgUnitKind.Team };
        context.OrgUnits.AddRange(unit, new OrgUnit { Code = "search", Name = "Search", Kind = OrgUnitKind.Team });
        await context.SaveChangesAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        return (db, new OutcomesService(db, new DatabaseWriteGate(true), time), unit.Id);
    }

    private static Task<OutcomeResult> ImportAsync(OutcomesService service, string csv, SpendScope? scope = null) =>
        service.ImportCsvAsync(new StringReader(csv), "test", CancellationToken.None, scope);

    [Fact]
    public async Task A_good_csv_records_every_line_and_a_second_upload_replaces_the_day()
    {
        var (db, service, unitId) = await ArrangeAsync();
        await using var _ = db;

        var first = await ImportAsync(service, "date,orgUnit,metric,unit,count\n2026-11-18,support,Tickets resolved,tickets,1200\n2026-11-19,SUPPORT,tickets resolved,tickets,1300\n");
        var again = await ImportAsync(service, "date,orgUnit,metric,unit,count\r\n2026-11-19,support,Tickets resolved,tickets,1350\r\n");

        first.ShouldBe(new OutcomeResult(2, []), "first");
        again.Ok.ShouldBeTrue();
        await using var context = db.CreateDbContext();
        var metric = await context.OutcomeMetrics.SingleAsync(TestContext.Current.CancellationToken);
        metric.OrgUnitId.ShouldBe(unitId);
        metric.Unit.ShouldBe("tickets");
        (await context.OutcomeCounts.OrderBy(c => c.Date).Select(c => c.Count).ToListAsync(TestContext.Current.CancellationToken)).ShouldBe([1200L, 1350L]);
    }

    [Fact]
    public async Task Bad_lines_are_named_by_number_and_nothing_is_recorded()
    {
        var (db, service, _) = await ArrangeAsync();
        await using var _d = db;

        var result = await ImportAsync(service, string.Join('\n',
            "date,orgUnit,metric,unit,count",
            "2026-11-18,support,Tickets resolved,tickets,1200",
            "18/11/2026,support,Tickets resolved,tickets,1200",
            "2026-11-19,support,Tickets resolved,tickets,many",
            "2026-11-19,support,Tickets resolved,tickets",
            "2026-11-19,nowhere,Tickets resolved,tickets,5"));

        result.Ok.ShouldBeFalse();
        result.Errors.ShouldBe(
        [
            "line 3: '18/11/2026' is not a date (YYYY-MM-DD).",
            "line 4: 'many' is not a whole number.",
            "line 5: expected 5 fields, found 4.",
        ]);
        await using var context = db.CreateDbContext();
        (await context.OutcomeCounts.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    [Fact]
    public async Task Negative_absurd_future_unknown_and_duplicate_counts_are_refused_together()
    {
        var (db, service, _) = await ArrangeAsync();
        await using var _d = db;

        var result = await ImportAsync(service, string.Join('\n',
            "date,orgUnit,metric,unit,count",
            "2026-11-18,support,Tickets resolved,tickets,-3",
            "2026-11-18,support,PRs,prs,9999999999999999",
            "2026-12-01,support,Tickets resolved,tickets,10",
            "2026-11-17,nowhere,Tickets resolved,tickets,5",
            "2026-11-16,support,Tickets resolved,tickets,5",
            "2026-11-16,support,tickets resolved,tickets,6"));

        result.Errors.ShouldBe(
        [
            "line 2: the count -3 is negative.",
            "line 3: the count 9999999999999999 is implausibly large (more than 1,000,000,000,000).",
            "line 4: 2026-12-01 is in the future.",
            "line 5: 'nowhere' is not a known org unit code.",
            "line 7: a second count for tickets resolved on 2026-11-16 in the same batch.",
        ]);
        await using var context = db.CreateDbContext();
        (await context.OutcomeMetrics.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    [Fact]
    public async Task A_wrong_header_and_a_unit_outside_the_uploaders_scope_are_refused()
    {
        var (db, service, unitId) = await ArrangeAsync();
        await using var _d = db;

        (await ImportAsync(service, "day;unit;count\n")).Errors.ShouldBe(["line 1: the header must be 'date,orgUnit,metric,unit,count'."]);
        var scoped = await ImportAsync(service, "date,orgUnit,metric,unit,count\n2026-11-18,search,Queries,queries,10\n", new SpendScope(new HashSet<int> { unitId }));
        scoped.Errors.ShouldBe(["line 2: 'search' is not one of your org units."]);
    }
}
