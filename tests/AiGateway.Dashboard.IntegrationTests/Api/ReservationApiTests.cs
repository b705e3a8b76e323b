using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Budgets;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary>
/// Budgets that stop overspend before it happens (issue 13 §4): reservations decided exactly under concurrency, settled by
/// usage, released, expired, kept across a restart; live spend refused within the batch; a new period fresh at 00:00 UTC.
/// </summary>
public class ReservationApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const long D = Money.MicrosPerUnit;

    /// <summary>A root unit with no spend and a hard-limited monthly budget of $10, reached by its code or its provider key.</summary>
    private static async Task<int> LabAsync(DashboardFactory factory, long budgetMicros = 10 * D)
    {
        int id;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            var unit = new OrgUnit { Code = "gw-lab", Name = "Gateway Lab", Kind = OrgUnitKind.Team };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync(Ct);
            db.Budgets.Add(new Budget { OrgUnitId = unit.Id, PeriodKind = PeriodKind.Monthly, BaseAmountMicros = budgetMicros, HardLimit = true });
            db.AllocationRules.Add(new AllocationRule { Priority = 1, OrgUnitId = unit.Id, ApiKeyId = "key_gw_lab" });
            await db.SaveChangesAsync(Ct);
            id = unit.Id;
        }
        await factory.Services.GetRequiredService<BudgetEvaluator>().EvaluateAsync(Ct, fireAlerts: false);
        return id;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReserveAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("api/v1/budgets/reserve", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<JsonElement> CheckAsync(HttpClient client, string query) =>
        JsonDocument.Parse(await client.GetStringAsync($"api/v1/budgets/check?{query}", Ct)).RootElement.Clone();

    [Fact]
    public async Task Fifty_simultaneous_reservations_of_one_dollar_against_ten_allow_exactly_ten()
    {
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero)) };
        await LabAsync(factory);
        using var gateway = factory.CreateRealClient(DashboardFactory.CheckKey);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 1.00m, requestId = $"req-{i}" })));

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK);
        var allowed = answers.Where(a => a.Body.GetProperty("allowed").GetBoolean()).ToList();
        allowed.Count.ShouldBe(10);
        allowed.Select(a => a.Body.GetProperty("reservationId").GetString()).Distinct().Count().ShouldBe(10);
        var denied = answers.Where(a => !a.Body.GetProperty("allowed").GetBoolean()).ToList();
        denied.Select(a => a.Body.TryGetProperty("reservationId", out var id) ? id.ValueKind : JsonValueKind.Null).ShouldAllBe(k => k == JsonValueKind.Null);
        denied[0].Body.GetProperty("reason").GetString()!.ShouldBe("$1.00 would pass the unit's hard-limited 2026-12 budget of $10.00: $0.00 spent and $10.00 reserved.");
        denied[0].Body.GetProperty("remaining").GetDecimal().ShouldBe(0m);
        (await factory.Services.GetRequiredService<BudgetLedger>().OpenCountAsync(Ct)).ShouldBe(10);

        // Reserved counts as spent for the check too; a retry of an allowed request gets its own reservation back, not a second one.
        var check = await CheckAsync(gateway, "orgUnit=gw-lab");
        (check.GetProperty("allowed").GetBoolean(), check.GetProperty("reserved").GetDecimal(), check.GetProperty("remaining").GetDecimal()).ShouldBe((false, 10m, 0m));
        var first = allowed[0].Body;
        var retryOf = answers.Select((a, i) => (a, i)).First(x => x.a.Body.GetProperty("allowed").GetBoolean()).i;
        var retry = await ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 1.00m, requestId = $"req-{retryOf}" });
        retry.Body.GetProperty("reservationId").GetString().ShouldBe(answers[retryOf].Body.GetProperty("reservationId").GetString());
        first.GetProperty("orgUnit").GetString().ShouldBe("gw-lab");
    }

    [Fact]
    public async Task A_reservation_is_released_settled_by_its_usage_event_or_expires_and_its_headroom_returns()
    {
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero));
        await using var factory = new DashboardFactory { Clock = clock };
        await LabAsync(factory);
        using var gateway = factory.CreateRealClient(DashboardFactory.CheckKey);
        using var usage = factory.CreateRealClient(DashboardFactory.UsageKey);

        // By key, through the allocation rules, and as a token estimate priced by the catalog: 1M input + 1M output of gpt-4o-mini = $0.75.
        var (_, byTokens) = await ReserveAsync(gateway, new { apiKey = "key_gw_lab", provider = "OpenAI", model = "gpt-4o-mini", inputTokens = 1_000_000, outputTokens = 1_000_000 });
        (byTokens.GetProperty("allowed").GetBoolean(), byTokens.GetProperty("orgUnit").GetString(), byTokens.GetProperty("amount").GetDecimal()).ShouldBe((true, "gw-lab", 0.75m));
        byTokens.GetProperty("remaining").GetDecimal().ShouldBe(9.25m);

        var (_, big) = await ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 9.00m, ttlSeconds = 60 });
        big.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        (await ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 0.50m })).Body.GetProperty("allowed").GetBoolean().ShouldBeFalse();

        // Released: the room is back at once; releasing again answers the same.
        var release = await gateway.PostAsync($"api/v1/budgets/reservations/{big.GetProperty("reservationId").GetString()}/release", null, Ct);
        release.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await release.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetString().ShouldBe("released");
        (await gateway.PostAsync($"api/v1/budgets/reservations/{big.GetProperty("reservationId").GetString()}/release", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await gateway.PostAsync("api/v1/budgets/reservations/rsv_nothing/release", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CheckAsync(gateway, "apiKey=key_gw_lab")).GetProperty("remaining").GetDecimal().ShouldBe(9.25m);

        // Settled: the usage event naming the reservation replaces it with its real cost (0.5M in + 0.1M out = $0.135).
        var settle = await usage.PostAsync("api/v1/usage", new StringContent(JsonSerializer.Serialize(new
        {
            events = new[] { new { id = "lab-1", timestamp = "2026-12-15T09:59:00Z", provider = "OpenAI", model = "gpt-4o-mini", apiKey = "key_gw_lab", project = "proj_gw_lab", inputTokens = 500_000, outputTokens = 100_000, reservationId = byTokens.GetProperty("reservationId").GetString() } },
        }), Encoding.UTF8, "application/json"), Ct);
        settle.StatusCode.ShouldBe(HttpStatusCode.OK, await settle.Content.ReadAsStringAsync(Ct));
        var afterSettle = await CheckAsync(gateway, "orgUnit=gw-lab");
        (afterSettle.GetProperty("actual").GetDecimal(), afterSettle.GetProperty("reserved").GetDecimal(), afterSettle.GetProperty("remaining").GetDecimal()).ShouldBe((0.135m, 0m, 9.865m));

        // Expired: a reservation holds only for its time to live.
        var (_, shortLived) = await ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 9.00m, ttlSeconds = 30 });
        shortLived.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        (await CheckAsync(gateway, "orgUnit=gw-lab")).GetProperty("reserved").GetDecimal().ShouldBe(9m);
        clock.Advance(TimeSpan.FromSeconds(31));
        (await CheckAsync(gateway, "orgUnit=gw-lab")).GetProperty("reserved").GetDecimal().ShouldBe(0m);
        var ledgerWriter = factory.Services.GetRequiredService<ReservationWriter>();
        await ledgerWriter.FlushAsync(Ct);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.BudgetReservations.AsNoTracking().ToDictionaryAsync(r => r.Id, Ct);
        stored[byTokens.GetProperty("reservationId").GetString()!].Status.ShouldBe(ReservationStatus.Settled);
        stored[big.GetProperty("reservationId").GetString()!].Status.ShouldBe(ReservationStatus.Released);
        // Expiry is not written: past its time a stored reservation is no longer open (and is never reloaded).
        stored[shortLived.GetProperty("reservationId").GetString()!].IsOpenAt(clock.GetUtcNow().UtcDateTime).ShouldBeFalse();
    }

    [Fact]
    public async Task A_batch_that_exhausts_a_hard_limited_budget_is_refused_by_the_next_check()
    {
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero)) };
        await LabAsync(factory, budgetMicros: 1 * D);
        using var gateway = factory.CreateRealClient(DashboardFactory.CheckKey);
        using var usage = factory.CreateRealClient(DashboardFactory.UsageKey);
        (await CheckAsync(gateway, "orgUnit=gw-lab")).GetProperty("allowed").GetBoolean().ShouldBeTrue();

        // 2M output tokens of gpt-4o-mini = $1.20 of live estimate (for a project the provider has not billed that day): past the $1 limit, with no full re-evaluation in between.
        var evaluatedBefore = factory.Services.GetRequiredService<BudgetSnapshot>().EvaluatedUtc;
        (await usage.PostAsync("api/v1/usage", new StringContent(JsonSerializer.Serialize(new
        {
            events = new[] { new { id = "burst-1", timestamp = "2026-12-15T09:30:00Z", provider = "OpenAI", model = "gpt-4o-mini", orgUnit = "gw-lab", project = "proj_gw_lab", outputTokens = 2_000_000 } },
        }), Encoding.UTF8, "application/json"), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var check = await CheckAsync(gateway, "orgUnit=gw-lab");
        (check.GetProperty("allowed").GetBoolean(), check.GetProperty("actual").GetDecimal()).ShouldBe((false, 1.20m));
        check.GetProperty("reason").GetString().ShouldBe("the hard-limited budget is exhausted");
        factory.Services.GetRequiredService<BudgetSnapshot>().EvaluatedUtc.ShouldBe(evaluatedBefore);

        // A full evaluation afterwards reads the same spend from the database: the live part is not counted twice.
        await factory.Services.GetRequiredService<BudgetEvaluator>().EvaluateAsync(Ct, fireAlerts: false);
        (await CheckAsync(gateway, "orgUnit=gw-lab")).GetProperty("actual").GetDecimal().ShouldBe(1.20m);
    }

    [Fact]
    public async Task A_new_period_starts_fresh_at_midnight_utc()
    {
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 59, 50, TimeSpan.Zero));
        await using var factory = new DashboardFactory { Clock = clock };
        await LabAsync(factory);
        using var gateway = factory.CreateRealClient(DashboardFactory.CheckKey);
        (await ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 10.00m, ttlSeconds = 3600 })).Body.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        (await ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 0.01m })).Body.GetProperty("allowed").GetBoolean().ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(15));
        var (_, january) = await ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 0.01m });
        (january.GetProperty("allowed").GetBoolean(), january.GetProperty("period").GetString(), january.GetProperty("remaining").GetDecimal()).ShouldBe((true, "2027-01", 9.99m));
    }

    [Fact]
    public async Task Open_reservations_survive_a_restart()
    {
        using var database = new RestartableDatabase();
        var settings = database.Settings;
        var at = new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero);
        await using (var before = new DashboardFactory(settings) { Clock = new ShiftedTimeProvider(at) })
        {
            await LabAsync(before);
            using var gateway = before.CreateRealClient(DashboardFactory.CheckKey);
            (await ReserveAsync(gateway, new { orgUnit = "gw-lab", amount = 7.00m, ttlSeconds = 3600 })).Body.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        }
        await using var after = new DashboardFactory(settings) { Clock = new ShiftedTimeProvider(at.AddMinutes(1)) };
        using var again = after.CreateRealClient(DashboardFactory.CheckKey);
        var check = await CheckAsync(again, "orgUnit=gw-lab");
        (check.GetProperty("reserved").GetDecimal(), check.GetProperty("remaining").GetDecimal()).ShouldBe((7m, 3m));
        (await ReserveAsync(again, new { orgUnit = "gw-lab", amount = 4.00m })).Body.GetProperty("allowed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Check_and_reserve_take_a_project_or_key_and_refuse_bad_input_naming_each_field()
    {
        await using var factory = new DashboardFactory { Clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero)) };
        await LabAsync(factory);
        using var gateway = factory.CreateRealClient(DashboardFactory.CheckKey);

        // The demo's rule sends proj_support_bot to Support Bot; an unknown project is nobody's, so no budget applies.
        (await CheckAsync(gateway, "project=proj_support_bot")).GetProperty("orgUnit").GetString().ShouldBe("support-bot");
        var nobody = await CheckAsync(gateway, "project=proj_unheard_of");
        (nobody.GetProperty("allowed").GetBoolean(), nobody.GetProperty("reason").GetString()).ShouldBe((true, "not attributed to an org unit: no budget applies"));
        (await gateway.GetAsync("api/v1/budgets/check?orgUnit=nowhere", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await gateway.GetAsync("api/v1/budgets/check?project=p&provider=Nope", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var (status, problem) = await ReserveAsync(gateway, new { amount = -3, ttlSeconds = 99_999, serviceTier = "turbo", requestId = new string('x', 300) });
        status.ShouldBe(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        errors.ShouldContain("name who spends: orgUnit, project, apiKey or tags.");
        errors.ShouldContain("amount must be a number of USD from 0 to 1,000,000.");
        errors.ShouldContain("ttlSeconds must be a whole number from 0 to 3,600.");
        errors.ShouldContain(e => e.StartsWith("serviceTier 'turbo'", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("requestId", StringComparison.Ordinal));
        (await ReserveAsync(gateway, new { orgUnit = "gw-lab", inputTokens = 10 })).Body.GetProperty("errors")[0].GetString()
            .ShouldBe("a token estimate needs provider and model, to be priced by the catalog.");
        var unpriced = await ReserveAsync(gateway, new { orgUnit = "gw-lab", provider = "OpenAI", model = "gpt-9-preview", inputTokens = 10 });
        (unpriced.Status, unpriced.Body.GetProperty("title").GetString()).ShouldBe((HttpStatusCode.BadRequest, "No price for the model"));
        (await ReserveAsync(gateway, new { orgUnit = "nowhere", amount = 1 })).Status.ShouldBe(HttpStatusCode.NotFound);
        var notJson = await gateway.PostAsync("api/v1/budgets/reserve", new StringContent("{oops", Encoding.UTF8, "application/json"), Ct);
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await factory.Services.GetRequiredService<BudgetLedger>().OpenCountAsync(Ct)).ShouldBe(0);

        // Scopes: no key → 401; a key without budgets:check → 403, for reserve and release alike.
        using var anonymous = factory.CreateRealClient();
        (await anonymous.PostAsJsonAsync("api/v1/budgets/reserve", new { orgUnit = "gw-lab", amount = 1 }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var reader = factory.CreateRealClient(DashboardFactory.SpendKey);
        (await reader.PostAsJsonAsync("api/v1/budgets/reserve", new { orgUnit = "gw-lab", amount = 1 }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.PostAsync("api/v1/budgets/reservations/rsv_x/release", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
