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

    private static OutcomeEntry Entry(string? metric = "Tickets resolved", string? unit = "tickets", DateOnly? date = null, long? count = 10, string? orgUnit = "support") =>
        new(orgUnit, metric, unit, date ?? new DateOnly(2026, 11, 19), count);

    private static async Task<int> CountsAsync(TestDatabase db)
    {
        await using var context = db.CreateDbContext();
        return await context.OutcomeCounts.CountAsync(TestContext.Current.CancellationToken) + await context.OutcomeMetrics.CountAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Missing_fields_long_or_control_character_text_and_absurd_dates_are_refused_by_name()
    {
        var (db, service, _) = await ArrangeAsync();
        await using var _d = db;

        var result = await service.RecordAsync([
            Entry(date: null, count: null) with { Date = null },
            Entry(metric: "bad\0name"),
            Entry(unit: new string('u', 1_000_000)),
            Entry(date: new DateOnly(1, 1, 1)),
            Entry(orgUnit: null, metric: null, unit: null),
        ], "test", TestContext.Current.CancellationToken);

        result.Errors.ShouldBe([
            "item 0: date is required (YYYY-MM-DD).",
            "item 0: count is required.",
            "item 1: the metric contains a control character (U+0000); remove it.",
            "item 2: the unit has 1,000,000 characters; at most 100 are allowed.",
            "item 3: 0001-01-01 is outside the dates accepted here (2000-01-01 to 2031-11-20).",
            "item 4: orgUnit is required.",
            "item 4: the metric is required.",
            "item 4: the unit is required.",
        ]);
        (await CountsAsync(db)).ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_above_the_cap_or_too_many_metrics_for_a_unit_is_refused_whole()
    {
        var (db, service, _) = await ArrangeAsync();
        await using var _d = db;

        var oversized = Enumerable.Range(0, OutcomesService.MaxItemsPerBatch + 1).Select(i => Entry(date: new DateOnly(2026, 11, 19).AddDays(-(i % 300)), metric: $"m{i / 300}")).ToList();
        (await service.RecordAsync(oversized, "test", TestContext.Current.CancellationToken)).Errors.ShouldBe(["5,001 outcome counts in one batch; send at most 5,000 at a time."]);
        var crowded = Enumerable.Range(0, OutcomesService.MaxMetricsPerUnit + 1).Select(i => Entry(metric: $"metric {i}")).ToList();
        (await service.RecordAsync(crowded, "test", TestContext.Current.CancellationToken)).Errors.ShouldBe(["'support' would have 51 outcome metrics; at most 50 per org unit. Reuse an existing metric name."]);
        (await CountsAsync(db)).ShouldBe(0);

        // The cap itself is fine, and written in bulk: 5,000 counts of 50 metrics over 100 days.
        var full = Enumerable.Range(0, OutcomesService.MaxItemsPerBatch).Select(i => Entry(metric: $"metric {i % 50}", date: new DateOnly(2026, 11, 19).AddDays(-(i / 50)))).ToList();
        (await service.RecordAsync(full, "test", TestContext.Current.CancellationToken)).ShouldBe(new OutcomeResult(5_000, []));
        (await CountsAsync(db)).ShouldBe(5_050);
    }

    [Fact]
    public async Task A_csv_file_that_is_not_UTF_8_is_refused_and_a_UTF_8_one_with_a_byte_order_mark_is_read()
    {
        var (db, service, _) = await ArrangeAsync();
        await using var _d = db;
        var csv = "date,orgUnit,metric,unit,count\n2026-11-19,support,Tickets résolus,tickets,12\n";

        var latin1 = await service.ImportCsvFileAsync(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(csv)), "test", TestContext.Current.CancellationToken);
        latin1.Errors.Single().ShouldStartWith("The file is not UTF-8 text");
        (await CountsAsync(db)).ShouldBe(0);

        var utf8 = await service.ImportCsvFileAsync(new MemoryStream([.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(csv)]), "test", TestContext.Current.CancellationToken);
        utf8.Ok.ShouldBeTrue(string.Join(" ", utf8.Errors));
        await using var context = db.CreateDbContext();
        (await context.OutcomeMetrics.SingleAsync(TestContext.Current.CancellationToken)).Name.ShouldBe("Tickets résolus");
    }
}
