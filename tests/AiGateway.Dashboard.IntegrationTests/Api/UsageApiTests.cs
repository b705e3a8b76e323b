using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.Features.Prices;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Features.Usage;
using AiGateway.Dashboard.Tests.Support;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>Gateway usage in (issue 13 §1): priced hourly buckets, attribution, idempotence, all-or-nothing validation, limits, scopes.</summary>
public class UsageApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 30, 0, TimeSpan.Zero);

    private static DashboardFactory Factory() => new(new Dictionary<string, string?> { ["Usage:MaxBatchEvents"] = "5", ["Usage:MaxRequestBytes"] = "4000" })
    {
        Clock = new ShiftedTimeProvider(Now),
    };

    private static StringContent Body(params object[] events) => new(JsonSerializer.Serialize(new { events }), Encoding.UTF8, "application/json");

    private static object Event(string id, string model = "gpt-4o-mini-2024-07-18", string? orgUnit = null, string? project = null, string timestamp = "2026-12-03T08:15:00Z",
        long input = 1_000_000, long cached = 200_000, long output = 50_000, decimal? cost = null) => new
    {
        id, timestamp, provider = "OpenAI", model, orgUnit, project, inputTokens = input, cachedInputTokens = cached, outputTokens = output, cost,
    };

    private static async Task<JsonElement> PostAsync(HttpClient client, HttpContent body, HttpStatusCode expected)
    {
        var response = await client.PostAsync("api/v1/usage", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<List<UsageHour>> BucketsAsync(DashboardFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        return await db.UsageHours.AsNoTracking().ToListAsync(Ct);
    }

    [Fact]
    public async Task A_batch_is_priced_per_hourly_bucket_attributed_like_billed_rows_and_counted_once()
    {
        await using var factory = Factory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);

        var first = await PostAsync(gateway, Body(
            Event("evt-1", orgUnit: "search"),
            Event("evt-2", orgUnit: "search", timestamp: "2026-12-03T08:59:59+00:00", cost: 0.2m),
            Event("evt-3", project: "proj_support_bot"),
            Event("evt-4", model: "gpt-9-preview", project: "proj_support_bot")), HttpStatusCode.OK);

        first.GetProperty("accepted").GetInt32().ShouldBe(4);
        first.GetProperty("duplicates").GetInt32().ShouldBe(0);
        var unpriced = first.GetProperty("unpriced").EnumerateArray().ShouldHaveSingleItem();
        (unpriced.GetProperty("provider").GetString(), unpriced.GetProperty("model").GetString(), unpriced.GetProperty("events").GetInt32()).ShouldBe(("OpenAI", "gpt-9-preview", 1));

        var buckets = await BucketsAsync(factory);
        int searchId, botId;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            searchId = (await db.OrgUnits.SingleAsync(u => u.Code == "search", Ct)).Id;
            botId = (await db.OrgUnits.SingleAsync(u => u.Code == "support-bot", Ct)).Id;
        }
        // Two events in the same hour and unit share a bucket; its cost is the bucket's tokens at the catalog price, rounded once.
        var search = buckets.Single(b => b.OrgUnitId == searchId);
        search.HourUtc.ShouldBe(new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc));
        (search.Events, search.InputTokens, search.CachedInputTokens, search.OutputTokens).ShouldBe((2L, 2_400_000L, 400_000L, 100_000L));
        var price = new PriceBook(PriceCatalog.Prices(PriceCatalog.Load(), DateTime.UtcNow)).PriceOf(ProviderKind.OpenAI, "gpt-4o-mini-2024-07-18", null, new DateOnly(2026, 12, 3))!;
        search.CostMicros.ShouldBe(price.CostMicros(2_000_000, 400_000, 0, 100_000));
        search.CostMicros.ShouldBe(300_000 + 30_000 + 60_000); // $0.15 × 2M + $0.075 × 0.4M + $0.60 × 0.1M
        (search.GatewayCostMicros, search.GatewayCostEvents).ShouldBe((200_000L, 1L));
        // No org unit given: the demo's allocation rule for the project decides, exactly as for billed rows.
        buckets.Single(b => b.Model == "gpt-4o-mini-2024-07-18" && b.ProjectId == "proj_support_bot").OrgUnitId.ShouldBe(botId);
        var unknown = buckets.Single(b => b.Model == "gpt-9-preview");
        (unknown.Unpriced, unknown.CostMicros, unknown.InputTokens).ShouldBe((true, 0L, 1_200_000L));

        // The same ids again — a retry, another batch, a second gateway — count once; a repeat inside a batch too.
        var again = await PostAsync(gateway, Body(Event("evt-1", orgUnit: "search"), Event("evt-5", orgUnit: "search"), Event("evt-5", orgUnit: "search")), HttpStatusCode.OK);
        (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()).ShouldBe((1, 2));
        (await BucketsAsync(factory)).Single(b => b.OrgUnitId == searchId).Events.ShouldBe(3);
    }

    [Fact]
    public async Task Any_bad_item_refuses_the_whole_batch_naming_each_item_and_nothing_is_stored()
    {
        await using var factory = Factory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);

        var problem = await PostAsync(gateway, Body(
            Event("ok-1"),
            new { id = "", timestamp = "2026-12-03T08:00:00Z", provider = "OpenAI", model = "gpt-4o" },
            new { id = "b-3", timestamp = "2026-12-03T08:00:00", provider = "OpenAl", model = "gpt-4o", inputTokens = -5 },
            new { id = "b-4", timestamp = "2026-10-01T08:00:00Z", provider = "OpenAI", model = "gpt-4o", orgUnit = "nowhere", serviceTier = "turbo", cost = -1 },
            new { id = "b-5", timestamp = "2026-12-03T09:40:00Z", provider = "OpenAI", model = "gpt-4o", outputTokens = 1.5, tags = new { team = 7 } }), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        errors.ShouldContain("item 2: id is required.");
        errors.ShouldContain(e => e.StartsWith("item 3: timestamp '2026-12-03T08:00:00' is not an ISO 8601 time with its zone", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("item 3: provider 'OpenAl' is not known", StringComparison.Ordinal));
        errors.ShouldContain("item 3: inputTokens must be a whole number from 0 to 1,000,000,000,000.");
        errors.ShouldContain("item 4: timestamp 2026-10-01T08:00:00Z is more than 40 days old (Usage:MaxAgeDays).");
        errors.ShouldContain("item 4: orgUnit 'nowhere' is not a known org unit code.");
        errors.ShouldContain(e => e.StartsWith("item 4: serviceTier 'turbo'", StringComparison.Ordinal));
        errors.ShouldContain("item 4: cost must be a number of USD from 0 to 1,000,000.");
        errors.ShouldContain("item 5: timestamp 2026-12-03T09:40:00Z is more than 5 minutes in the future.");
        errors.ShouldContain("item 5: outputTokens must be a whole number from 0 to 1,000,000,000,000.");
        errors.ShouldContain(e => e.StartsWith("item 5: tag 'team' must be text", StringComparison.Ordinal));
        errors.ShouldNotContain(e => e.StartsWith("item 1:", StringComparison.Ordinal));
        problem.GetProperty("detail").GetString()!.ShouldStartWith("Nothing was stored.");
        (await BucketsAsync(factory)).ShouldBeEmpty();
        // The good event was not remembered either: sent alone it is accepted, not a duplicate.
        (await PostAsync(gateway, Body(Event("ok-1")), HttpStatusCode.OK)).GetProperty("accepted").GetInt32().ShouldBe(1);

        (await PostAsync(gateway, new StringContent("{\"events\": {}}", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest))
            .GetProperty("detail").GetString().ShouldBe("The body must be { \"events\": [ … ] }.");
        (await PostAsync(gateway, new StringContent("{\"events\": [", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest))
            .GetProperty("title").GetString().ShouldBe("Not JSON");
    }

    [Fact]
    public async Task Too_many_events_or_bytes_is_a_413_and_only_usage_write_keys_may_post()
    {
        await using var factory = Factory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);

        var many = await PostAsync(gateway, Body(Enumerable.Range(1, 6).Select(i => Event($"m-{i}")).ToArray()), HttpStatusCode.RequestEntityTooLarge);
        many.GetProperty("detail").GetString().ShouldBe("The batch has 6 events; at most 5 per batch (Usage:MaxBatchEvents).");
        var big = await PostAsync(gateway, Body(Event("big", model: new string('x', 190)), Event("big2", model: new string('y', 190)),
            new { id = "pad", timestamp = "2026-12-03T08:00:00Z", provider = "OpenAI", model = "m", tags = Enumerable.Range(0, 20).ToDictionary(i => $"k{i}", i => new string('v', 190)) }), HttpStatusCode.RequestEntityTooLarge);
        big.GetProperty("detail").GetString()!.ShouldContain("Usage:MaxRequestBytes");
        (await BucketsAsync(factory)).ShouldBeEmpty();

        using var anonymous = factory.CreateRealClient();
        (await anonymous.PostAsync("api/v1/usage", Body(Event("a")), Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        (await reader.PostAsync("api/v1/usage", Body(Event("a")), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<JsonElement> SpendAsync(HttpClient client, string query) =>
        JsonDocument.Parse(await client.GetStringAsync($"api/v1/spend?{query}", Ct)).RootElement.Clone();

    [Fact]
    public async Task Estimates_count_until_billing_arrives_never_both_and_never_on_a_closed_month()
    {
        await using var openai = await LoopbackServer.StartAsync();
        ProviderFakes.MapOpenAI(openai);
        await using var factory = Factory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        var price = new PriceBook(PriceCatalog.Prices(PriceCatalog.Load(), DateTime.UtcNow)).PriceOf(ProviderKind.OpenAI, "gpt-4o-2024-08-06", null, new DateOnly(2026, 12, 1))!;
        var each = price.CostMicros(1_000_000, 200_000, 0, 50_000); // inputTokens is uncached input: $2.50 + $0.25 + $0.50
        var october = await SpendAsync(reader, "from=2026-10-01&to=2026-10-31");

        // proj_search on 20 November (the fixture bills it), 21 November (not billed) and today; and a day of the demo's closed October.
        await PostAsync(gateway, Body(
            Event("e-20", model: "gpt-4o-2024-08-06", project: "proj_search", timestamp: "2026-11-20T10:00:00Z"),
            Event("e-21", model: "gpt-4o-2024-08-06", project: "proj_search", timestamp: "2026-11-21T10:00:00Z"),
            Event("e-03", model: "gpt-4o-2024-08-06", project: "proj_search", timestamp: "2026-12-03T09:00:00Z"),
            Event("e-oct", model: "gpt-4o-2024-08-06", project: "proj_search", timestamp: "2026-10-30T10:00:00Z")), HttpStatusCode.OK);
        // The day estimates behind the totals follow the batch within a fraction of a second; here, at once.
        await factory.Services.GetRequiredService<EstimateRefresher>().CatchUpAsync(Ct);

        var before = await SpendAsync(reader, "from=2026-11-20&to=2026-11-21&groupBy=day&project=proj_search");
        before.GetProperty("estimated").GetDecimal().ShouldBe(Money.Reporting(2 * each).ToMajor());
        before.GetProperty("billed").GetDecimal().ShouldBe(0m);
        before.GetProperty("rows").EnumerateArray().ShouldAllBe(r => r.GetProperty("estimated").GetDecimal() == Money.Reporting(each).ToMajor());
        (await SpendAsync(reader, "from=2026-12-03&to=2026-12-03&project=proj_search")).GetProperty("total").GetDecimal().ShouldBe(Money.Reporting(each).ToMajor());
        (await SpendAsync(reader, "from=2026-11-20&to=2026-11-21&project=proj_search&kind=billed")).GetProperty("total").GetDecimal().ShouldBe(0m);
        // October is closed: its event is kept for reconciliation but changes no figure of the month.
        (await SpendAsync(reader, "from=2026-10-01&to=2026-10-31")).GetProperty("total").GetDecimal().ShouldBe(october.GetProperty("total").GetDecimal());

        // Billing for 20 November arrives: there the bill is the truth and the estimate stops counting; 21 November still estimates.
        var connection = await factory.Services.GetRequiredService<ConnectionsService>().CreateAsync(new ConnectionInput
        {
            Name = "OpenAI", Kind = ProviderKind.OpenAI, BaseUrl = openai.BaseAddress.ToString(), Secret = "sk-admin-usage-test-Hh31", BackfillDays = 30,
        }, "test", Ct);
        (await factory.Services.GetRequiredService<SyncService>().RunAsync(connection, SyncTrigger.Manual, Ct)).Status.ShouldBe(SyncRunStatus.Succeeded);
        var billed = Money.Reporting(Fixtures.OpenAICostByDay(ProviderFakes.OpenAICostPages)[new DateOnly(2026, 11, 20)]).ToMajor();

        var after = await SpendAsync(reader, "from=2026-11-20&to=2026-11-21&groupBy=day&project=proj_search");
        var days = after.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("day").GetString()!, r => r);
        days["2026-11-20"].GetProperty("estimated").GetDecimal().ShouldBe(0m);
        days["2026-11-20"].GetProperty("cost").GetDecimal().ShouldBe(days["2026-11-20"].GetProperty("billed").GetDecimal());
        days["2026-11-21"].GetProperty("estimated").GetDecimal().ShouldBe(Money.Reporting(each).ToMajor());
        days["2026-11-21"].GetProperty("billed").GetDecimal().ShouldBe(0m);
        after.GetProperty("total").GetDecimal().ShouldBe(after.GetProperty("billed").GetDecimal() + after.GetProperty("estimated").GetDecimal());
        (await SpendAsync(reader, $"from=2026-11-20&to=2026-11-20&connection={connection}")).GetProperty("total").GetDecimal().ShouldBe(billed);
        // The estimate's tokens stay in its bucket, for reconciliation.
        (await BucketsAsync(factory)).Single(b => b.HourUtc == new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc)).CostMicros.ShouldBe(each);
    }

    [Fact]
    public async Task Event_ids_are_forgotten_after_the_dedup_window_and_ended_reservations_after_a_day()
    {
        var clock = new ShiftedTimeProvider(Now);
        await using var factory = new DashboardFactory { Clock = clock };
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        await PostAsync(gateway, Body(Event("old-1", orgUnit: "search"), Event("old-2", orgUnit: "search")), HttpStatusCode.OK);
        using var check = factory.CreateRealClient(DashboardFactory.CheckKey);
        (await check.PostAsync("api/v1/budgets/reserve", new StringContent("""{"orgUnit":"support-bot","amount":1,"ttlSeconds":60}""", Encoding.UTF8, "application/json"), Ct))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await factory.Services.GetRequiredService<AiGateway.Dashboard.Features.Budgets.ReservationWriter>().FlushAsync(Ct);
        var usage = factory.Services.GetRequiredService<UsageService>();

        (await usage.PurgeAsync(Ct)).ShouldBe((0, 0), "nothing is old yet");
        clock.Advance(TimeSpan.FromDays(2));
        (await usage.PurgeAsync(Ct)).ShouldBe((0, 1), "the reservation ended (expired) more than a day ago");
        clock.Advance(TimeSpan.FromDays(39));
        (await usage.PurgeAsync(Ct)).ShouldBe((2, 0), "the ids are older than Usage:DedupDays (40)");
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        (await db.UsageEventIds.CountAsync(Ct)).ShouldBe(0);
        (await db.UsageHours.SumAsync(h => h.Events, Ct)).ShouldBe(2, "the usage itself stays");
    }

    [Fact]
    public async Task A_rule_change_moves_gateway_usage_of_open_months_like_billed_rows_but_never_usage_that_named_its_unit()
    {
        await using var factory = Factory();
        using var gateway = factory.CreateRealClient(DashboardFactory.UsageKey);
        var team = new Dictionary<string, string> { ["team"] = "ranking" };
        await PostAsync(gateway, Body(
            new { id = "t-1", timestamp = "2026-12-03T08:00:00Z", provider = "OpenAI", model = "gpt-4o-mini", project = "proj_new", tags = team, outputTokens = 1_000_000 },
            new { id = "t-2", timestamp = "2026-12-03T08:00:00Z", provider = "OpenAI", model = "gpt-4o-mini", project = "proj_new", orgUnit = "support-bot", tags = team, outputTokens = 1_000_000 }),
            HttpStatusCode.OK);
        int searchId, botId;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            searchId = (await db.OrgUnits.SingleAsync(u => u.Code == "search", Ct)).Id;
            botId = (await db.OrgUnits.SingleAsync(u => u.Code == "support-bot", Ct)).Id;
            (await db.UsageHours.AsNoTracking().Where(h => !h.ExplicitOrgUnit).Select(h => h.OrgUnitId).SingleAsync(Ct)).ShouldBeNull("no rule knows proj_new yet");
            db.AllocationRules.Add(new AllocationRule { Priority = 0, OrgUnitId = searchId, Tag = "team=ranking" });
            await db.SaveChangesAsync(Ct);
        }

        await factory.Services.GetRequiredService<AiGateway.Dashboard.Features.Admin.AllocationService>().ReallocateAsync("ada.admin@demo.local", Ct);

        var buckets = await BucketsAsync(factory);
        buckets.Single(b => !b.ExplicitOrgUnit).OrgUnitId.ShouldBe(searchId, "the tag rule now attributes it, as it would a billed row");
        buckets.Single(b => b.ExplicitOrgUnit).OrgUnitId.ShouldBe(botId, "an event that named its unit keeps it");
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        (await SpendAsync(reader, "from=2026-12-03&to=2026-12-03&orgUnit=search&project=proj_new")).GetProperty("estimated").GetDecimal().ShouldBe(0.60m);
    }
}
