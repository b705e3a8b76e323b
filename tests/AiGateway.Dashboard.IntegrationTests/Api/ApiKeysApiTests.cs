using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Api;

/// <summary><c>/api/v1/api-keys</c>: make a key (shown once), use it, see its last use, revoke it (refused at once), every step audited.</summary>
public class ApiKeysApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_makes_a_key_that_works_shows_its_last_use_and_stops_the_moment_it_is_revoked()
    {
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero));
        await using var factory = new DashboardFactory { Clock = clock };
        using var admin = factory.CreateRealClient(DashboardFactory.AdminKey);

        var listed = await admin.GetFromJsonAsync<JsonElement>("api/v1/api-keys", Ct);
        listed.EnumerateArray().Where(k => k.GetProperty("managedByConfiguration").GetBoolean()).Select(k => k.GetProperty("name").GetString())
            .ShouldContain("automation", "declared keys are listed, read-only");
        listed.EnumerateArray().ShouldContain(k => k.GetProperty("name").GetString() == "BI team (Power BI refresh)", "the demo's key");

        var created = await admin.PostAsJsonAsync("api/v1/api-keys", new { name = "Looker (finance)", scopes = new[] { "spend:read" }, expiresInDays = 30 }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var made = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var key = made.GetProperty("key").GetString()!;
        var id = made.GetProperty("id").GetInt32();
        made.GetProperty("prefix").GetString().ShouldBe(key[..13]);
        made.GetProperty("expiresUtc").GetDateTime().ShouldBe(clock.GetUtcNow().UtcDateTime.AddDays(30), TimeSpan.FromSeconds(5));
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/api-keys/{id}");

        // It works for its scope, and only for it.
        using var looker = factory.CreateRealClient(key);
        (await looker.GetAsync("api/v1/spend?from=2026-12-01&to=2026-12-31", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await looker.GetAsync("api/v1/api-keys", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var row = (await admin.GetFromJsonAsync<JsonElement>("api/v1/api-keys", Ct)).EnumerateArray().Single(k => k.TryGetProperty("id", out var i) && i.GetInt32() == id);
        (row.GetProperty("status").GetString(), row.GetProperty("lastUsedFrom").GetString(), row.GetProperty("createdBy").GetString())
            .ShouldBe(("active", "127.0.0.1", "api-key:automation"));
        row.GetProperty("lastUsedUtc").GetDateTime().ShouldBe(clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(30));
        var everything = await admin.GetStringAsync("api/v1/api-keys", Ct);
        everything.ShouldNotContain(key[14..], Case.Insensitive, "the key is shown once, when it is made");
        everything.ShouldNotContain(Domain.ApiKey.HashOf(key), Case.Insensitive);

        // Revoked: refused on the very next call, with the reason.
        var revoked = await admin.DeleteAsync($"api/v1/api-keys/{id}", Ct);
        revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await looker.GetAsync("api/v1/spend?from=2026-12-01&to=2026-12-31", Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!.ShouldStartWith($"The API key {key[..13]}… was revoked at ");
        (await admin.DeleteAsync($"api/v1/api-keys/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "revoking again answers the same");

        // Audited, without the key or its hash; the last use was written behind the requests.
        await factory.Services.GetRequiredService<Features.ApiKeys.ApiKeyStore>().FlushAsync(Ct);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        var audit = await db.AuditEvents.Where(a => a.EntityType == "ApiKey" && a.EntityId == id.ToString()).OrderBy(a => a.Id).ToListAsync(Ct);
        audit.Select(a => a.Action).ShouldBe(["api-key.created", "api-key.revoked"]);
        var (secret, hash) = (key[14..], Domain.ApiKey.HashOf(key));
        audit.ShouldAllBe(a => !(a.After ?? "").Contains(secret) && !(a.After ?? "").Contains(hash));
        (await db.ApiKeys.SingleAsync(k => k.Id == id, Ct)).LastUsedFrom.ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task Bad_keys_are_refused_by_field_expired_keys_say_so_and_only_admins_may_manage_keys()
    {
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2027, 2, 28, 12, 0, 0, TimeSpan.Zero));
        await using var factory = new DashboardFactory { Clock = clock };
        using var admin = factory.CreateRealClient(DashboardFactory.AdminKey);
        async Task<int> CountAsync() => (await admin.GetFromJsonAsync<JsonElement>("api/v1/api-keys", Ct)).GetArrayLength();
        var before = await CountAsync();

        async Task<string[]> ErrorsAsync(object body)
        {
            var response = await admin.PostAsJsonAsync("api/v1/api-keys", body, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        }
        (await ErrorsAsync(new { scopes = new[] { "spend:read" } })).ShouldBe(["name is required."]);
        (await ErrorsAsync(new { name = "x", scopes = new[] { "root" } }))[0].ShouldStartWith("scope 'root' is not one of: spend:read");
        (await ErrorsAsync(new { name = "x", scopes = new[] { "admin" }, expiresUtc = "2027-02-01T00:00:00Z" })).ShouldBe(["expiresUtc must be in the future."]);
        (await ErrorsAsync(new { name = "x", scopes = new[] { "admin" }, expiresInDays = 5000 })).ShouldBe(["expiresInDays must be at most 730."]);
        (await ErrorsAsync(new { name = "x", scopes = new[] { "admin" }, expiresInDays = 1, expiresUtc = "2027-03-05T00:00:00Z" })).ShouldBe(["Give expiresUtc or expiresInDays, not both."]);
        (await CountAsync()).ShouldBe(before, "nothing stored");

        using (var reader = factory.CreateRealClient(DashboardFactory.SpendKey))
        {
            (await reader.PostAsJsonAsync("api/v1/api-keys", new { name = "mine", scopes = new[] { "admin" } }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await reader.DeleteAsync("api/v1/api-keys/1", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        (await admin.DeleteAsync("api/v1/api-keys/999999", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A key for a day: it works today, and tomorrow it says it expired.
        var made = await (await admin.PostAsJsonAsync("api/v1/api-keys", new { name = "one day", scopes = new[] { "spend:read" }, expiresInDays = 1 }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var shortLived = factory.CreateRealClient(made.GetProperty("key").GetString());
        (await shortLived.GetAsync("api/v1/budgets", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromDays(1) + ApiKeysStoreRecheck);
        var expired = await shortLived.GetAsync("api/v1/budgets", Ct);
        expired.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await expired.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!.ShouldBe($"The API key {made.GetProperty("prefix").GetString()}… expired at 2027-03-01 12:00 UTC.");
    }

    private static readonly TimeSpan ApiKeysStoreRecheck = Features.ApiKeys.ApiKeyStore.Recheck;
}
