using System.Text.Json;
using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Budgets;

/// <summary>Creating and editing budgets: every bad input is refused with a clear message and nothing is saved.</summary>
public class BudgetsServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Budgets, int Overrides, int Audits)> CountsAsync(BudgetHarness h)
    {
        await using var db = h.Sync.Db.CreateDbContext();
        return (await db.Budgets.CountAsync(Ct), await db.BudgetOverrides.CountAsync(Ct), await db.AuditEvents.CountAsync(Ct));
    }

    private static async Task<BudgetInputError> RefusedAsync(BudgetHarness h, Func<Task> act)
    {
        var before = await CountsAsync(h);
        var ex = await Should.ThrowAsync<BudgetValidationException>(act);
        (await CountsAsync(h)).ShouldBe(before, "nothing is saved");
        return ex.Errors.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("-5", "Amount", "above zero")]
    [InlineData("0", "Amount", "above zero")]
    [InlineData("1000000.01", "Amount", "above the ceiling of 1,000,000 USD")]
    [InlineData("10.1234567", "Amount", "six decimal places")]
    public async Task A_bad_amount_is_refused_on_its_field(string amount, string field, string message)
    {
        await using var h = await BudgetHarness.CreateAsync();
        var error = await RefusedAsync(h, () => h.Service.SaveAsync(BudgetHarness.Finance,
            new BudgetInput(0, h.SearchId, PeriodKind.Monthly, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), Ct));
        error.Field.ShouldBe(field);
        error.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("0,50", "'0' is not a whole percentage from 1 to 1000")]
    [InlineData("50,1001", "'1001' is not a whole percentage from 1 to 1000")]
    [InlineData("50,abc", "'abc' is not a whole percentage")]
    [InlineData("50,50", "50 % is listed twice")]
    [InlineData("-10", "'-10' is not a whole percentage")]
    public async Task A_threshold_outside_1_to_1000_percent_is_refused(string thresholds, string message)
    {
        await using var h = await BudgetHarness.CreateAsync();
        var error = await RefusedAsync(h, () => h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m, thresholds), Ct));
        error.Field.ShouldBe("Thresholds");
        error.Message.ShouldContain(message);
    }

    [Fact]
    public async Task A_second_budget_for_the_same_unit_and_period_kind_is_refused()
    {
        await using var h = await BudgetHarness.CreateAsync();
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m), Ct);
        var error = await RefusedAsync(h, () => h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 200m), Ct));
        error.Field.ShouldBe("PeriodKind");
        error.Message.ShouldBe("'Search' already has a monthly budget; edit that one.");
        // A quarterly budget for the same unit is a different budget.
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Quarterly, 300m), Ct);
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.TeamLead)]
    [InlineData(Roles.Viewer)]
    public async Task Only_Finance_and_Admin_may_change_budgets(string role)
    {
        await using var h = await BudgetHarness.CreateAsync();
        var id = await h.Service.SaveAsync(BudgetHarness.Person(Roles.Admin), new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m), Ct);
        var person = BudgetHarness.Person(role);
        var before = await CountsAsync(h);
        await Should.ThrowAsync<UnauthorizedAccessException>(() => h.Service.SaveAsync(person, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 900m), Ct));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => h.Service.DeleteAsync(person, id, Ct));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => h.Service.SetPeriodAmountAsync(person, id, new DateOnly(2026, 12, 1), 900m, Ct));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => h.Service.ImportPeriodAmountsCsvAsync(person, BudgetsService.CsvHeader + "\nsearch,monthly,2026-12-01,900", Ct));
        (await CountsAsync(h)).ShouldBe(before);
    }

    [Fact]
    public async Task Every_create_edit_and_delete_is_audited_with_before_and_after()
    {
        await using var h = await BudgetHarness.CreateAsync();
        var id = await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m), Ct);
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 150.5m, "60,90", HardLimit: true), Ct);
        await h.Service.SetPeriodAmountAsync(BudgetHarness.Finance, id, new DateOnly(2026, 12, 1), 400m, Ct);
        await h.Service.DeleteAsync(BudgetHarness.Finance, id, Ct);

        await using var db = h.Sync.Db.CreateDbContext();
        var audit = await db.AuditEvents.Where(a => a.EntityType == "Budget" && a.EntityId == id.ToString()).OrderBy(a => a.Id).ToListAsync(Ct);
        audit.Select(a => a.Action).ShouldBe(["budget.created", "budget.updated", "budget.period-amounts-set", "budget.deleted"]);
        audit.ShouldAllBe(a => a.Actor == "fay@contoso.test");
        audit[0].Before.ShouldBeNull();
        JsonDocument.Parse(audit[1].Before!).RootElement.GetProperty("amount").GetDecimal().ShouldBe(100m);
        var after = JsonDocument.Parse(audit[1].After!).RootElement;
        after.GetProperty("amount").GetDecimal().ShouldBe(150.5m);
        after.GetProperty("thresholds").GetString().ShouldBe("60,90");
        after.GetProperty("hardLimit").GetBoolean().ShouldBeTrue();
        JsonDocument.Parse(audit[2].After!).RootElement.GetProperty("periods").GetProperty("2026-12-01").GetDecimal().ShouldBe(400m);
        audit[3].After.ShouldBeNull();
        JsonDocument.Parse(audit[3].Before!).RootElement.GetProperty("orgUnit").GetString().ShouldBe("search");
        (await db.Budgets.AnyAsync(Ct)).ShouldBeFalse();
        (await db.BudgetOverrides.AnyAsync(Ct)).ShouldBeFalse("the period amounts go with the budget");
    }

    [Fact]
    public async Task An_edit_made_on_a_stale_copy_is_refused()
    {
        await using var h = await BudgetHarness.CreateAsync();
        var id = await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m), Ct);
        Guid version;
        await using (var db = h.Sync.Db.CreateDbContext()) version = (await db.Budgets.SingleAsync(Ct)).Version;
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 120m, Version: version), Ct);
        var error = await RefusedAsync(h, () => h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 130m, Version: version), Ct));
        error.Field.ShouldBe("Version");
    }

    [Fact]
    public async Task Period_amounts_import_from_CSV_and_change_the_effective_amount()
    {
        await using var h = await BudgetHarness.CreateAsync();
        var id = await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m), Ct);
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.RootId, PeriodKind.Quarterly, 5000m), Ct);
        var applied = await h.Service.ImportPeriodAmountsCsvAsync(BudgetHarness.Finance, """
            org_unit,period_kind,period_start,amount
            search,monthly,2026-11-01,250.75
            SEARCH,Monthly,2026-12-01,900
            contoso,quarterly,2027-01-01,7000

            """, Ct);
        applied.ShouldBe(3);
        var status = (await h.Evaluator.EvaluateAsync(Ct)).Single(s => s.BudgetId == id);
        status.BudgetMicros.ShouldBe(250_750_000);

        // An empty amount returns the period to the base.
        await h.Service.ImportPeriodAmountsCsvAsync(BudgetHarness.Finance, "org_unit,period_kind,period_start,amount\r\nsearch,monthly,2026-11-01,\r\n", Ct);
        (await h.Evaluator.EvaluateAsync(Ct)).Single(s => s.BudgetId == id).BudgetMicros.ShouldBe(100_000_000);
    }

    [Fact]
    public async Task A_malformed_CSV_line_names_the_line_and_nothing_is_imported()
    {
        await using var h = await BudgetHarness.CreateAsync();
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m), Ct);
        var before = await CountsAsync(h);
        var ex = await Should.ThrowAsync<BudgetValidationException>(() => h.Service.ImportPeriodAmountsCsvAsync(BudgetHarness.Finance, """
            org_unit,period_kind,period_start,amount
            search,monthly,2026-12-01,900
            search,monthly,2027-01-15,900
            nowhere,monthly,2027-02-01,900
            search,weekly,2027-03-01,900
            search,monthly,2027-04-01,-1
            search,monthly,2027-05-01,1e9
            search,monthly,2027-06-01
            search,quarterly,2027-01-01,10
            search,monthly,2026-12-01,950
            """, Ct));
        (await CountsAsync(h)).ShouldBe(before, "not even the good first line");
        ex.Errors.Select(e => e.Field).ShouldBe(["Line 3", "Line 4", "Line 5", "Line 6", "Line 7", "Line 8", "Line 9", "Line 10"]);
        ex.Errors[0].Message.ShouldBe("2027-01-15 is not the first day of a monthly period; that period starts 2027-01-01.");
        ex.Errors[1].Message.ShouldBe("'nowhere' is not a known org unit code.");
        ex.Errors[2].Message.ShouldContain("'weekly' is not a period kind");
        ex.Errors[3].Message.ShouldContain("above zero");
        ex.Errors[4].Message.ShouldContain("'1e9' is not an amount");
        ex.Errors[5].Message.ShouldContain("Expected 4 values");
        ex.Errors[6].Message.ShouldBe("'search' has no quarterly budget; create it first.");
        ex.Errors[7].Message.ShouldContain("appears twice");

        var header = await Should.ThrowAsync<BudgetValidationException>(() => h.Service.ImportPeriodAmountsCsvAsync(BudgetHarness.Finance, "unit;amount\nsearch;5", Ct));
        header.Errors.ShouldHaveSingleItem().Message.ShouldContain("header");
    }

    [Fact]
    public async Task A_period_amount_for_the_year_9999_or_before_2000_is_a_field_error_not_a_crash()
    {
        await using var h = await BudgetHarness.CreateAsync();
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m), Ct);
        var before = await CountsAsync(h);
        var ex = await Should.ThrowAsync<BudgetValidationException>(() => h.Service.ImportPeriodAmountsCsvAsync(BudgetHarness.Finance, """
            org_unit,period_kind,period_start,amount
            search,monthly,9999-12-01,900
            search,monthly,1999-12-01,900
            """, Ct));
        ex.Errors.Select(e => e.Field).ShouldBe(["Line 2", "Line 3"]);
        ex.Errors[0].Message.ShouldStartWith("9999-12-01 is outside the dates accepted here (2000-01-01 to ");
        ex.Errors[1].Message.ShouldStartWith("1999-12-01 is outside the dates accepted here");
        (await CountsAsync(h)).ShouldBe(before);
    }

    private static async Task<long?[]> AmountsAsync(BudgetHarness h, int budgetId, params Period[] periods)
    {
        await using var db = h.Sync.Db.CreateDbContext();
        var budget = await db.Budgets.SingleAsync(b => b.Id == budgetId, Ct);
        var amounts = await BudgetAmounts.LoadAsync(db, [budgetId], Ct);
        return periods.Select(p => amounts.For(budget, p)).ToArray();
    }

    [Fact]
    public async Task A_budget_edited_today_leaves_every_earlier_period_as_it_was()
    {
        await using var h = await BudgetHarness.CreateAsync();
        var current = Period.Containing(PeriodKind.Monthly, SyncHarness.Today);
        var first = current.Previous().Previous().Previous();
        var id = await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 309m, FirstPeriod: first.Start), Ct);
        var version = (await h.Sync.Db.CreateDbContext().Budgets.SingleAsync(b => b.Id == id, Ct)).Version;

        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 400m, Version: version), Ct);

        var amounts = await AmountsAsync(h, id, first.Previous(), first, current.Previous(), current, current.Next());
        amounts.ShouldBe([null, 309_000_000L, 309_000_000L, 400_000_000L, 400_000_000L]);
        await using var db = h.Sync.Db.CreateDbContext();
        (await db.BudgetAmountChanges.Where(c => c.BudgetId == id).OrderBy(c => c.EffectiveFrom).Select(c => c.EffectiveFrom).ToListAsync(Ct)).ShouldBe([first.Start, current.Start]);
        (await db.AuditEvents.Where(a => a.Action == "budget.updated").Select(a => a.After).SingleAsync(Ct))!.ShouldContain($"\"amountFrom\":\"{current.Start:yyyy-MM-dd}\"");
    }

    [Fact]
    public async Task A_change_from_a_past_period_needs_a_confirmation_and_never_reaches_before_the_first_period()
    {
        await using var h = await BudgetHarness.CreateAsync();
        var current = Period.Containing(PeriodKind.Monthly, SyncHarness.Today);
        var first = current.Previous().Previous();
        var id = await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(0, h.SearchId, PeriodKind.Monthly, 100m, FirstPeriod: first.Start), Ct);

        var unconfirmed = await RefusedAsync(h, () => h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 150m, EffectiveFrom: current.Previous().Start), Ct));
        unconfirmed.Field.ShouldBe("EffectiveFrom");
        unconfirmed.Message.ShouldContain("is a past period");
        (await RefusedAsync(h, () => h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 150m, EffectiveFrom: first.Previous().Start, ConfirmPastPeriod: true), Ct)))
            .Message.ShouldContain($"starts on {first.Start:yyyy-MM-dd}");
        (await RefusedAsync(h, () => h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 150m, EffectiveFrom: current.Start.AddDays(3)), Ct)))
            .Field.ShouldBe("EffectiveFrom");
        (await AmountsAsync(h, id, first, current)).ShouldBe([100_000_000L, 100_000_000L], "nothing changed");

        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 150m, EffectiveFrom: current.Previous().Start, ConfirmPastPeriod: true), Ct);
        (await AmountsAsync(h, id, first, current.Previous(), current)).ShouldBe([100_000_000L, 150_000_000L, 150_000_000L]);
        // A later change scheduled ahead stays in force from its own period.
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 500m, EffectiveFrom: current.Next().Next().Start), Ct);
        await h.Service.SaveAsync(BudgetHarness.Finance, new BudgetInput(id, h.SearchId, PeriodKind.Monthly, 200m), Ct);
        (await AmountsAsync(h, id, current.Previous(), current, current.Next(), current.Next().Next())).ShouldBe([150_000_000L, 200_000_000L, 200_000_000L, 500_000_000L]);
    }
}
