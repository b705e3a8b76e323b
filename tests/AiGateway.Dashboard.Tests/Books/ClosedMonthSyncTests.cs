using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Admin;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Providers;
using AiGateway.Dashboard.Providers.Simulated;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Tests.Books;

/// <summary>
/// A closed month over a real synced database: a provider restating it, a credit and a rule change leave its
/// facts and figures as closed; the difference is booked once, on the day found, in the open month.
/// </summary>
public class ClosedMonthSyncTests
{
    private static readonly Period October = Period.Month(2026, 10);
    private static readonly Period November = Period.Month(2026, 11);
    private static readonly DateOnly Oct25 = new(2026, 10, 25);
    private static readonly DateWindow OctoberDays = new(new DateOnly(2026, 10, 22), October.End);

    /// <summary>The simulated provider, restating October 25 (+50 % on every row) and adding a credit there when told to.</summary>
    private sealed class Restater
    {
        public bool Restate { get; set; }
        public long CreditMicros { get; set; }

        public IBillingClient Client() => new ScriptedBillingClient(ProviderKind.OpenAI, async (request, progress, ct) =>
        {
            var result = await new SimulatedBillingClient().FetchAsync(request, progress, ct);
            if (!Restate && CreditMicros == 0) return result;
            var rows = result.Rows.ToList();
            if (Restate) foreach (var r in rows.Where(r => r.UsageDate == Oct25)) r.CostMicros += r.CostMicros / 2;
            if (CreditMicros != 0 && request.Window.Contains(Oct25))
                rows.Add(new CostRecord { UsageDate = Oct25, Provider = ProviderKind.OpenAI, Model = "credit", LineItem = "Promotional credit", CostMicros = -CreditMicros, Kind = CostKind.Billed });
            return new BillingFetchResult(rows, result.PagesFetched);
        });
    }

    private static async Task<(SyncHarness H, ProviderConnection Connection, Restater Provider)> ArrangeClosedOctoberAsync()
    {
        var provider = new Restater();
        var h = await SyncHarness.CreateAsync(provider.Client());
        var connection = await h.AddConnectionAsync(ProviderKind.OpenAI, backfillDays: 30);
        (await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, CancellationToken.None)).Status.ShouldBe(SyncRunStatus.Succeeded);
        await using var db = h.Db.CreateDbContext();
        db.BookMonths.Add(new BookMonth { Month = October.Start, Closed = true, ClosedBy = "finance@example.com", ClosedUtc = h.Time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        return (h, connection, provider);
    }

    private static async Task<SyncRun> ResyncOctoberAsync(SyncHarness h, ProviderConnection connection)
    {
        var runId = await h.Service.QueueAsync(connection.Id, SyncTrigger.Api, CancellationToken.None, OctoberDays);
        var run = await h.Service.RunQueuedAsync(runId, CancellationToken.None);
        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.Window.ShouldBe(OctoberDays);
        return run;
    }

    private static async Task<List<CostRecord>> FactsAsync(SyncHarness h, Period month)
    {
        await using var db = h.Db.CreateDbContext();
        return await db.CostRecords.AsNoTracking().Where(r => r.RestatedDate == null && r.UsageDate >= month.Start && r.UsageDate <= month.End)
            .OrderBy(r => r.UsageDate).ThenBy(r => r.NaturalKey).ToListAsync();
    }

    private static async Task<List<CostRecord>> AdjustmentsAsync(SyncHarness h)
    {
        await using var db = h.Db.CreateDbContext();
        return await db.CostRecords.AsNoTracking().Where(r => r.RestatedDate != null).ToListAsync();
    }

    private static Task<long> TotalAsync(SyncHarness h, Period month, SpendBasis basis) =>
        new SpendQueries(h.Db, h.Time).TotalAsync(new SpendQuery(month.Start, month.End, []) { Basis = basis }, CancellationToken.None);

    private static async Task<long> DayTotalAsync(SyncHarness h, DateOnly day, SpendBasis basis) =>
        (await new SpendQueries(h.Db, h.Time).QueryAsync(new SpendQuery(day, day, [SpendDimension.Day]) { Basis = basis }, CancellationToken.None)).Sum(r => r.CostMicros);

    [Fact]
    public async Task A_restatement_of_a_closed_month_is_booked_today_and_the_month_stays_as_closed_on_the_booked_basis()
    {
        var (h, connection, provider) = await ArrangeClosedOctoberAsync();
        await using var _ = h;
        var factsBefore = await FactsAsync(h, October);
        var octoberBefore = await TotalAsync(h, October, SpendBasis.Booked);
        var novemberBefore = await TotalAsync(h, November, SpendBasis.Booked);
        var restatedDay = factsBefore.Where(r => r.UsageDate == Oct25).Sum(r => r.CostMicros / 2);
        restatedDay.ShouldBeGreaterThan(0);

        provider.Restate = true;
        var run = await ResyncOctoberAsync(h, connection);

        (await FactsAsync(h, October)).Select(r => (r.NaturalKey, r.CostMicros)).ShouldBe(factsBefore.Select(r => (r.NaturalKey, r.CostMicros)));
        var adjustments = await AdjustmentsAsync(h);
        adjustments.ShouldAllBe(a => a.UsageDate == SyncHarness.Today && a.RestatedDate == Oct25);
        adjustments.Sum(a => a.CostMicros).ShouldBe(restatedDay);
        run.AdjustmentsBooked.ShouldBe(adjustments.Count);

        // Booked: October as closed, the difference in November (on the day found). By usage date: the other way round.
        (await TotalAsync(h, October, SpendBasis.Booked)).ShouldBe(octoberBefore);
        (await TotalAsync(h, November, SpendBasis.Booked)).ShouldBe(novemberBefore + restatedDay);
        (await TotalAsync(h, October, SpendBasis.Usage)).ShouldBe(octoberBefore + restatedDay);
        (await TotalAsync(h, November, SpendBasis.Usage)).ShouldBe(novemberBefore);
        (await DayTotalAsync(h, Oct25, SpendBasis.Booked)).ShouldBe(factsBefore.Where(r => r.UsageDate == Oct25).Sum(r => r.CostMicros));
        (await DayTotalAsync(h, Oct25, SpendBasis.Usage)).ShouldBe(factsBefore.Where(r => r.UsageDate == Oct25).Sum(r => r.CostMicros) + restatedDay);
    }

    [Fact]
    public async Task Syncing_the_same_restatement_again_books_it_once_and_a_reversal_removes_todays_adjustment()
    {
        var (h, connection, provider) = await ArrangeClosedOctoberAsync();
        await using var _ = h;
        var novemberBefore = await TotalAsync(h, November, SpendBasis.Booked);
        provider.Restate = true;
        await ResyncOctoberAsync(h, connection);
        var once = await AdjustmentsAsync(h);

        await ResyncOctoberAsync(h, connection);
        var again = await AdjustmentsAsync(h);

        again.Select(a => (a.NaturalKey, a.CostMicros)).OrderBy(x => x.NaturalKey).ShouldBe(once.Select(a => (a.NaturalKey, a.CostMicros)).OrderBy(x => x.NaturalKey));
        (await TotalAsync(h, November, SpendBasis.Booked)).ShouldBe(novemberBefore + once.Sum(a => a.CostMicros));

        provider.Restate = false;
        await ResyncOctoberAsync(h, connection);

        (await AdjustmentsAsync(h)).ShouldBeEmpty();
        (await TotalAsync(h, November, SpendBasis.Booked)).ShouldBe(novemberBefore);
    }

    [Fact]
    public async Task A_credit_on_a_closed_month_is_a_negative_adjustment_and_a_later_days_restatement_adds_to_the_first()
    {
        var (h, connection, provider) = await ArrangeClosedOctoberAsync();
        await using var _ = h;
        var octoberBefore = await TotalAsync(h, October, SpendBasis.Booked);
        provider.CreditMicros = 25_000_000;
        await ResyncOctoberAsync(h, connection);
        (await AdjustmentsAsync(h)).ShouldHaveSingleItem().CostMicros.ShouldBe(-25_000_000);

        // Found again the next day with a restatement on top: yesterday's adjustment stays, today's holds only the new difference.
        h.Time.Advance(TimeSpan.FromDays(1));
        provider.Restate = true;
        await ResyncOctoberAsync(h, connection);

        var adjustments = await AdjustmentsAsync(h);
        adjustments.Where(a => a.UsageDate == SyncHarness.Today).Sum(a => a.CostMicros).ShouldBe(-25_000_000);
        adjustments.Where(a => a.UsageDate == SyncHarness.Today.AddDays(1)).ShouldAllBe(a => a.CostMicros > 0);
        (await TotalAsync(h, October, SpendBasis.Booked)).ShouldBe(octoberBefore);
        (await TotalAsync(h, October, SpendBasis.Usage)).ShouldBe(octoberBefore + adjustments.Sum(a => a.CostMicros));
    }

    [Fact]
    public async Task A_rule_change_reallocates_open_months_only_and_its_preview_names_the_closed_month_it_leaves_alone()
    {
        var (h, connection, _) = await ArrangeClosedOctoberAsync();
        await using var _h = h;
        int search;
        await using (var db = h.Db.CreateDbContext())
        {
            var unit = new OrgUnit { Code = "search", Name = "Search", Kind = OrgUnitKind.Team };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            search = unit.Id;
        }
        var octoberFacts = await FactsAsync(h, October);
        var service = new AllocationService(h.Db, new DatabaseWriteGate(true), h.Changes, new ServiceCollection().BuildServiceProvider(),
            Options.Create(new JobsOptions { Enabled = false }), h.Time, NullLogger<AllocationService>.Instance);
        var rule = new AllocationRule { Priority = 10, ProjectId = "proj_search_ranking", OrgUnitId = search };

        var preview = await service.PreviewAsync([rule], CancellationToken.None);
        var closedMove = preview.Single(m => m.Closed);
        closedMove.Period.ShouldBe("2026-10");
        closedMove.ToString().ShouldContain("2026-10 is closed, so it stays as booked");
        closedMove.To.ShouldBe("Search");
        // Last month (the preview's open month) is October itself here: nothing it would move is left unflagged.
        preview.ShouldAllBe(m => m.Closed);

        await service.SaveRuleAsync(rule, "admin@example.com", CancellationToken.None);
        await service.ReallocateAsync("admin@example.com", CancellationToken.None);

        (await FactsAsync(h, October)).Select(r => (r.NaturalKey, r.OrgUnitId)).ShouldBe(octoberFacts.Select(r => (r.NaturalKey, r.OrgUnitId)));
        (await FactsAsync(h, November)).ShouldContain(r => r.OrgUnitId == search);
        var octoberSearch = await new SpendQueries(h.Db, h.Time).QueryAsync(
            new SpendQuery(October.Start, October.End, [SpendDimension.OrgUnit]), CancellationToken.None);
        octoberSearch.ShouldNotContain(r => r.Key.OrgUnitId == search);
    }
}
