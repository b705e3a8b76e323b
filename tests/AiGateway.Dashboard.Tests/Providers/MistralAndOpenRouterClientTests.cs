using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Tests.Providers;

/// <summary>Mistral's Admin API and OpenRouter's activity API against real HTTP servers on loopback serving our fixtures.</summary>
public class MistralAndOpenRouterClientTests
{
    private const string Key = "admin-key-for-tests-7Hq2";

    private static async Task<List<CostRecord>> RowsAsync(SyncHarness h, int connectionId) =>
        await h.Db.CreateDbContext().CostRecords.AsNoTracking().Where(r => r.ConnectionId == connectionId).ToListAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Mistral_books_each_months_cost_on_its_first_day_in_its_currency_and_never_counts_a_total_beside_its_parts()
    {
        await using var server = await LoopbackServer.StartAsync();
        ProviderFakes.MapMistral(server);
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync(ProviderKind.Mistral, backfillDays: 30, baseUrl: server.BaseAddress, secret: Key);
        await h.Fx.ImportCsvAsync("2026-10-01,EUR,USD,1.08\n2026-10-30,EUR,USD,1.07", "fay@example.com", TestContext.Current.CancellationToken);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.Window.ShouldBe(new DateWindow(new(2026, 10, 1), new(2026, 11, 30))); // the months asked, whole
        server.Requests.Select(r => r.Query).ShouldBe(["?month=10&year=2026", "?month=11&year=2026"]);
        server.Requests.ShouldAllBe(r => r.Headers["x-api-key"] == Key);
        var rows = await RowsAsync(h, connection.Id);
        rows.Where(r => r.UsageDate == new DateOnly(2026, 10, 1)).Sum(r => r.OriginalMicros).ShouldBe(10_000_000);
        // November: 4.2 + 0.3500001 + 1.2 (the chat total beside its models is not counted again; 0 and null are no lines).
        var november = rows.Where(r => r.UsageDate == new DateOnly(2026, 11, 1)).ToList();
        november.Sum(r => r.OriginalMicros).ShouldBe(5_750_000);
        november.Select(r => r.Model).ShouldBe(["mistral-large-2411", "mistral-small-2503", "ocr"], ignoreOrder: true);
        rows.ShouldAllBe(r => r.OriginalCurrency == "EUR");
        // October converts at its first day's rate; 1 November is a Sunday and takes the latest earlier business day's, Friday 30 October.
        rows.Single(r => r.UsageDate.Month == 10).CostMicros.ShouldBe(10_800_000);
        november.Sum(r => r.CostMicros).ShouldBe(6_152_500); // 5.75 × 1.07
    }

    [Fact]
    public async Task Mistral_without_a_currency_fails_clearly_and_writes_nothing()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.MapJson("/usage", """{"chat":{"cost":1.5}}""");
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync(ProviderKind.Mistral, backfillDays: 3, baseUrl: server.BaseAddress, secret: Key);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("without a currency");
        (await h.RowCountAsync(connection.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task OpenRouter_lands_each_keys_days_with_tokens_leaves_byok_out_and_replaces_only_the_days_it_can_report()
    {
        await using var server = await LoopbackServer.StartAsync();
        ProviderFakes.MapOpenRouter(server);
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync(ProviderKind.OpenRouter, backfillDays: 90, baseUrl: server.BaseAddress, secret: Key);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.Error);
        run.PagesFetched.ShouldBe(3); // the keys, then one activity call per key
        run.Window.ShouldBe(new DateWindow(SyncHarness.Today.AddDays(-30), SyncHarness.Today.AddDays(-1)));
        server.Requests.ShouldAllBe(r => r.Headers["Authorization"] == "Bearer " + Key);
        var rows = await RowsAsync(h, connection.Id);
        // 0.015 + 1.2345678 on the 18th (rounded once), 0.5 on the 19th; 1 October is beyond the 30 days and not taken.
        rows.GroupBy(r => r.UsageDate).ToDictionary(g => g.Key, g => g.Sum(r => r.CostMicros)).ShouldBe(new Dictionary<DateOnly, long>
        {
            [new(2026, 11, 18)] = 1_249_568, [new(2026, 11, 19)] = 500_000,
        }, ignoreOrder: true);
        var gpt = rows.Single(r => r.UsageDate == new DateOnly(2026, 11, 18) && r.Model == "openai/gpt-4.1-2025-04-14");
        (gpt.InputTokens, gpt.OutputTokens, gpt.Requests, gpt.ApiKeyId).ShouldBe((50L, 150L, 5L, "f01d52606dc8f0a8303a7b5cc3fa07109c2e346cec7c0a16b40de462992ce943"));
        run.Notes.ShouldNotBeNull().ShouldContain("$0.012 of inference on your own provider keys (BYOK)");
        var names = await h.Db.CreateDbContext().ProviderEntities.AsNoTracking().Where(e => e.ConnectionId == connection.Id).ToListAsync(TestContext.Current.CancellationToken);
        names.Single(n => n.Name == "support-bot").Archived.ShouldBeFalse();
        names.Single(n => n.Name == "old key").Archived.ShouldBeTrue();
    }

    [Fact]
    public async Task OpenRouter_refuses_a_key_that_is_not_a_management_key_in_its_own_words()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.MapJson("/keys", """{"error":{"code":403,"message":"Only management keys can fetch activity","metadata":null},"user_id":null}""", 403);
        await using var h = await SyncHarness.CreateAsync();
        var connection = await h.AddConnectionAsync(ProviderKind.OpenRouter, backfillDays: 3, baseUrl: server.BaseAddress, secret: Key);

        var run = await h.Service.RunAsync(connection.Id, SyncTrigger.Manual, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("Only management keys can fetch activity");
        run.Error.ShouldNotContain(Key);
    }
}
