using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Admin;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Tests.Sync;

/// <summary>Allocation over a real synced database: preview, re-allocation after a rule change, unallocated spend.</summary>
public class AllocationServiceTests
{
    private static async Task<(SyncHarness H, AllocationService Service, int SearchId, int SupportBotId)> ArrangeAsync()
    {
        var h = await SyncHarness.CreateAsync();
        int search, bot;
        await using (var db = h.Db.CreateDbContext())
        {
            var team = new OrgUnit { Code = "search", Name = "Search", Kind = OrgUnitKind.Team };
            var project = new OrgUnit { Code = "support-bot", Name = "Support bot", Kind = OrgUnitKind.Project };
            db.OrgUnits.AddRange(team, project);
            await db.SaveChangesAsync();
            db.AllocationRules.Add(new AllocationRule { Priority = 10, ProjectId = "proj_support_bot", OrgUnitId = project.Id });
            await db.SaveChangesAsync();
            (search, bot) = (team.Id, project.Id);
        }
        var connection = await h.AddConnectionAsync(backfillDays: 60);
        (await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, CancellationToken.None)).Status.ShouldBe(SyncRunStatus.Succeeded);
        var service = new AllocationService(h.Db, new DatabaseWriteGate(true), h.Changes, Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(new Microsoft.Extensions.DependencyInjection.ServiceCollection()), Options.Create(new JobsOptions { Enabled = false }),
            h.Time, NullLogger<AllocationService>.Instance);
        return (h, service, search, bot);
    }

    private static async Task<long> UnitTotalAsync(SyncHarness h, int? unitId, bool rollups)
    {
        await using var db = h.Db.CreateDbContext();
        return rollups
            ? await db.Rollups.Where(r => r.Grain == RollupGrain.Day && r.OrgUnitId == unitId).SumAsync(r => r.CostMicros)
            : await db.CostRecords.Where(r => r.OrgUnitId == unitId).SumAsync(r => r.CostMicros);
    }

    private static async Task<long> ProjectTotalAsync(SyncHarness h, params string[] projects)
    {
        await using var db = h.Db.CreateDbContext();
        return await db.CostRecords.Where(r => projects.Contains(r.ProjectId!)).SumAsync(r => r.CostMicros);
    }

    [Fact]
    public async Task The_preview_names_what_a_new_rule_would_move_last_month()
    {
        var (h, service, search, _) = await ArrangeAsync();
        await using var _h = h;
        var rules = (await service.RulesAsync(CancellationToken.None)).Append(new AllocationRule { Priority = 20, ProjectId = "proj_search_ranking", OrgUnitId = search }).ToList();

        var moves = await service.PreviewAsync(rules, CancellationToken.None);

        var move = moves.ShouldHaveSingleItem();
        move.From.ShouldBe("Unallocated");
        move.To.ShouldBe("Search");
        move.Period.ShouldBe("2026-10");
        await using var db = h.Db.CreateDbContext();
        move.CostMicros.ShouldBe(await db.CostRecords.Where(r => r.ProjectId == "proj_search_ranking" && r.UsageDate >= new DateOnly(2026, 10, 1) && r.UsageDate <= new DateOnly(2026, 10, 31)).SumAsync(r => r.CostMicros, TestContext.Current.CancellationToken));
        move.ToString().ShouldStartWith("would move $");
        (await UnitTotalAsync(h, search, rollups: false)).ShouldBe(0); // a preview changes nothing
    }

    [Fact]
    public async Task Saving_a_rule_reallocates_history_in_facts_and_rollups_and_audits_it()
    {
        var (h, service, search, _) = await ArrangeAsync();
        await using var _h = h;
        var unallocatedBefore = await UnitTotalAsync(h, null, rollups: true);

        await service.SaveRuleAsync(new AllocationRule { Priority = 20, ProjectId = "PROJ_SEARCH_RANKING", OrgUnitId = search }, "ada", CancellationToken.None);
        var expected = await ProjectTotalAsync(h, "proj_search_ranking");
        await WaitForAsync(async () => await UnitTotalAsync(h, search, rollups: true) == expected); // re-allocation runs in the background
        (await service.ReallocateAsync("ada", CancellationToken.None)).ShouldBe(0); // and a second run finds nothing left to move

        (await UnitTotalAsync(h, search, rollups: false)).ShouldBe(expected);
        (await UnitTotalAsync(h, search, rollups: true)).ShouldBe(expected);
        (await UnitTotalAsync(h, null, rollups: true)).ShouldBe(unallocatedBefore - expected);
        await using var db = h.Db.CreateDbContext();
        var actions = await db.AuditEvents.Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken);
        actions.ShouldContain("allocation-rule.created");
        actions.ShouldContain("allocation.reallocated");
        (await db.Rollups.Where(r => r.Grain == RollupGrain.Month).SumAsync(r => r.CostMicros, TestContext.Current.CancellationToken))
            .ShouldBe(await db.CostRecords.SumAsync(r => r.CostMicros, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Deleting_a_rule_returns_its_spend_to_unallocated()
    {
        var (h, service, _, bot) = await ArrangeAsync();
        await using var _h = h;
        var rule = (await service.RulesAsync(CancellationToken.None)).Single();
        var botSpend = await UnitTotalAsync(h, bot, rollups: true);
        botSpend.ShouldBeGreaterThan(0);

        await service.DeleteRuleAsync(rule.Id, "ada", CancellationToken.None);
        await WaitForAsync(async () => await UnitTotalAsync(h, bot, rollups: true) == 0);

        (await UnitTotalAsync(h, bot, rollups: false)).ShouldBe(0);
        (await UnitTotalAsync(h, null, rollups: true)).ShouldBe(await ProjectTotalAsync(h, SimulatedProjects()));
    }

    [Fact]
    public async Task A_rule_that_matches_on_nothing_is_refused()
    {
        var (h, service, search, _) = await ArrangeAsync();
        await using var _h = h;
        var error = await Should.ThrowAsync<AllocationRuleException>(() => service.SaveRuleAsync(new AllocationRule { Priority = 1, OrgUnitId = search }, "ada", CancellationToken.None));
        error.Field.ShouldBe("Match");
    }

    private static string[] SimulatedProjects() => AiGateway.Dashboard.Providers.Simulated.SimulatedSpendGenerator.Projects.Select(p => p.Id).ToArray();

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++) await Task.Delay(50);
    }

    [Fact]
    public async Task Names_and_rule_fields_with_control_characters_or_beyond_their_length_are_refused_and_nothing_is_saved()
    {
        var (h, service, searchId, _) = await ArrangeAsync();
        await using var _h = h;
        var units = new OrgUnitsService(h.Db, service, h.Time);

        (await Should.ThrowAsync<AllocationRuleException>(() => units.SaveAsync(new OrgUnit { Code = "evil", Name = "Evil\0unit", Kind = OrgUnitKind.Team }, "admin", TestContext.Current.CancellationToken)))
            .Message.ShouldContain("control character (U+0000)");
        (await Should.ThrowAsync<AllocationRuleException>(() => units.SaveAsync(new OrgUnit { Code = "long", Name = new string('n', 1_000_000), Kind = OrgUnitKind.Team }, "admin", TestContext.Current.CancellationToken)))
            .Message.ShouldBe("The name has 1,000,000 characters; at most 200 are allowed.");
        (await Should.ThrowAsync<AllocationRuleException>(() => service.SaveRuleAsync(new AllocationRule { Priority = 1, Tag = new string('t', 201), OrgUnitId = searchId }, "admin", TestContext.Current.CancellationToken)))
            .Message.ShouldBe("The tag has 201 characters; at most 200 are allowed.");
        (await Should.ThrowAsync<AllocationRuleException>(() => units.AddMemberAsync(searchId, "vera\u0007@demo.local", owner: false, "admin", TestContext.Current.CancellationToken)))
            .Message.ShouldBe("Enter the person's e-mail address.");

        await using var db = h.Db.CreateDbContext();
        (await db.OrgUnits.CountAsync(u => u.Code == "evil" || u.Code == "long", TestContext.Current.CancellationToken)).ShouldBe(0);
        (await db.AllocationRules.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        (await db.OrgUnitMembers.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }
}
