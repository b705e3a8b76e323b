using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>A database from before the lean grains (decision 023) gets them built at start, and its answers do not change.</summary>
public class RollupUpgradeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_without_the_lean_grains_gets_them_at_start_and_answers_the_same()
    {
        using var database = new RestartableDatabase();
        var settings = database.Settings;
        var at = new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero);
        // A year to the day (edges, months, the month to date) by unit and by model, and totals: lean grains answer these.
        string[] questions = ["groupBy=orgUnit", "groupBy=model,provider", "groupBy=orgUnit&kind=billed", "basis=usage"];
        var before = new List<string>();
        await using (var first = new DashboardFactory(settings) { Clock = new ShiftedTimeProvider(at) })
        {
            using var client = first.CreateRealClient(DashboardFactory.SpendKey);
            foreach (var q in questions) before.Add(await client.GetStringAsync($"api/v1/spend?from=2025-12-16&to=2026-12-15&{q}", Ct));
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
            (await db.Rollups.CountAsync(r => r.Grain == RollupGrain.UnitDay, Ct)).ShouldBeGreaterThan(0);
            // As a database written before the lean grains existed.
            (await db.Rollups.Where(r => r.Grain != RollupGrain.Day && r.Grain != RollupGrain.Month).ExecuteDeleteAsync(Ct)).ShouldBeGreaterThan(0);
        }
        await using var second = new DashboardFactory(settings) { Clock = new ShiftedTimeProvider(at.AddMinutes(1)) };
        using var again = second.CreateRealClient(DashboardFactory.SpendKey);
        var after = new List<string>();
        foreach (var q in questions) after.Add(await again.GetStringAsync($"api/v1/spend?from=2025-12-16&to=2026-12-15&{q}", Ct));
        after.ShouldBe(before);
        await using var check = await second.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        foreach (var grain in new[] { RollupGrain.ModelDay, RollupGrain.ModelMonth, RollupGrain.UnitDay, RollupGrain.UnitMonth })
        {
            (await check.Rollups.Where(r => r.Grain == grain && r.Basis != RollupBasis.UsageOnly).SumAsync(r => r.CostMicros, Ct))
                .ShouldBe(await check.CostRecords.SumAsync(r => r.CostMicros, Ct), grain.ToString());
        }
    }
}
