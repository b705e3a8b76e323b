using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Fx;
using AiGateway.Dashboard.Providers;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Fx;

/// <summary>A sync meeting amounts in other currencies, on a real SQLite file: converted, or kept and flagged until a rate arrives.</summary>
public class FxSyncTests
{
    private static readonly DateOnly Day = SyncHarness.Today.AddDays(-1);

    // Two EUR rows and one USD row on the harness's yesterday.
    private static ScriptedBillingClient Client() => new(ProviderKind.AzureOpenAI, (request, _, _) => Task.FromResult(new BillingFetchResult(
    [
        new CostRecord { UsageDate = Day, Model = "gpt-4o", LineItem = "in", Kind = CostKind.Billed, CostMicros = 1_234_567, Currency = "EUR" },
        new CostRecord { UsageDate = Day, Model = "gpt-4o", LineItem = "out", Kind = CostKind.Billed, CostMicros = 3_000_001, Currency = "eur" },
        new CostRecord { UsageDate = Day, Model = "gpt-4o", LineItem = "usd", Kind = CostKind.Billed, CostMicros = 500_000, Currency = "USD" },
    ], 1)));

    private static async Task<List<CostRecord>> RowsAsync(SyncHarness h) =>
        await h.Db.CreateDbContext().CostRecords.AsNoTracking().OrderBy(r => r.LineItem).ToListAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Rows_billed_in_euros_are_converted_at_their_days_rate_and_keep_the_original()
    {
        await using var h = await SyncHarness.CreateAsync(Client());
        await h.Fx.ImportCsvAsync($"day,from,to,rate\n{Day:yyyy-MM-dd},EUR,USD,1.0543\n", "fay@example.com", TestContext.Current.CancellationToken);
        var connection = await h.AddConnectionAsync(ProviderKind.AzureOpenAI, backfillDays: 3);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.Notes.ShouldBeNull();
        var rows = await RowsAsync(h);
        rows.Select(r => (r.LineItem, r.OriginalCurrency, r.OriginalMicros, r.Currency, r.Unconverted)).ShouldBe(
        [
            ("in", "EUR", 1_234_567L, "USD", false), ("out", "EUR", 3_000_001L, "USD", false), ("usd", "USD", 500_000L, "USD", false),
        ]);
        // 4.234568 EUR × 1.0543 = 4.4645050424 USD → 4,464,505 micros over the EUR rows, exactly.
        rows.Where(r => r.OriginalCurrency == "EUR").Sum(r => r.CostMicros).ShouldBe(4_464_505);
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(4_464_505 + 500_000);
    }

    [Fact]
    public async Task Without_a_rate_rows_are_kept_flagged_and_said_then_converted_when_finance_enters_it()
    {
        await using var h = await SyncHarness.CreateAsync(Client());
        var connection = await h.AddConnectionAsync(ProviderKind.AzureOpenAI, backfillDays: 3);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.Notes.ShouldNotBeNull().ShouldContain($"no EUR→USD rate for {Day:yyyy-MM-dd}");
        (await RowsAsync(h)).Where(r => r.OriginalCurrency == "EUR").ShouldAllBe(r => r.Unconverted && r.CostMicros == 0);
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(500_000);
        var gap = (await h.Fx.GapsAsync(Day, Day, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        (gap.Rows, gap.OriginalMicros).ShouldBe((2, 4_234_568L));

        // A Friday rate two days earlier covers it (the latest earlier business day).
        var update = await h.Fx.EnterAsync(Day.AddDays(-2), "EUR", "USD", 1.0543m, "fay@example.com", TestContext.Current.CancellationToken);

        update.RowsConverted.ShouldBe(2);
        (await RowsAsync(h)).ShouldAllBe(r => !r.Unconverted);
        (await h.RollupTotalMicrosAsync(connection.Id)).ShouldBe(4_464_505 + 500_000);
        (await h.Fx.GapsAsync(Day, Day, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        var audit = await h.Db.CreateDbContext().AuditEvents.AsNoTracking().SingleAsync(a => a.Action == "fx.rate.added", TestContext.Current.CancellationToken);
        (audit.Actor, audit.EntityId).ShouldBe(("fay@example.com", $"EUR/USD/{Day.AddDays(-2):yyyy-MM-dd}"));
    }

    [Fact]
    public async Task A_rate_of_a_closed_month_is_refused_and_its_rows_stay()
    {
        await using var h = await SyncHarness.CreateAsync();
        var october = new DateOnly(2026, 10, 1);
        await using (var db = h.Db.CreateDbContext())
        {
            db.BookMonths.Add(new BookMonth { Month = october, Closed = true, ClosedBy = "fay@example.com", ClosedUtc = h.Time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var refused = await Should.ThrowAsync<FxValidationException>(() =>
            h.Fx.EnterAsync(new DateOnly(2026, 10, 30), "EUR", "USD", 1.08m, "fay@example.com", TestContext.Current.CancellationToken));

        refused.Message.ShouldContain("October 2026 is closed");
        (await h.Fx.ListAsync(null, null, null, TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-11-19,EUR,USD,1.05\n2026-11-19,EUR,USD,abc", "Line 2: column 4 (rate) 'abc'")]
    [InlineData("2026-13-01,EUR,USD,1.05", "Line 1: column 1 (day) '2026-13-01'")]
    [InlineData("2026-11-19,EURO,USD,1.05", "Line 1: 'EURO' is not a three-letter currency code")]
    [InlineData("2026-11-19,EUR,USD", "Line 1: expected 4 columns")]
    [InlineData("2026-11-19,EUR,USD,0", "Line 1: 0 is not a rate we can take: A rate must be above zero.")]
    [InlineData("2099-01-01,EUR,USD,1.05", "Line 1: 2099-01-01 is not a day a rate can be known for")]
    [InlineData("day,from,to,rate\n", "holds no rates")]
    public async Task A_bad_rates_file_names_the_line_and_column_and_saves_nothing(string csv, string expected)
    {
        await using var h = await SyncHarness.CreateAsync();

        var refused = await Should.ThrowAsync<FxValidationException>(() => h.Fx.ImportCsvAsync(csv, "fay@example.com", TestContext.Current.CancellationToken));

        refused.Message.ShouldContain(expected);
        refused.Message.ShouldEndWith("Nothing was saved.");
        (await h.Fx.ListAsync(null, null, null, TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_currency_that_is_not_a_code_fails_the_run_and_writes_nothing()
    {
        var client = new ScriptedBillingClient(ProviderKind.AzureOpenAI, (request, _, _) =>
            Task.FromResult(new BillingFetchResult([new CostRecord { UsageDate = request.Window.To, Model = "gpt-4o", CostMicros = 10, Currency = "€" }], 1)));
        await using var h = await SyncHarness.CreateAsync(client);
        var connection = await h.AddConnectionAsync(ProviderKind.AzureOpenAI);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("the currency '€', which is not a three-letter code");
        (await h.RowCountAsync(connection.Id)).ShouldBe(0);
    }
}
