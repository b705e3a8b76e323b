using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// Entra sign-in through Microsoft.Identity.Web against a real OpenID Connect directory on loopback (its own RSA key and
/// JWKS, code flow with PKCE, form_post): app roles become our roles, a person without one is refused with a sentence
/// and not signed in, tokens for another audience or signed by another key are refused, and sign-out ends both sessions.
/// </summary>
public class EntraSignInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task People_sign_in_with_their_app_role_and_out_and_everyone_else_is_refused_with_a_reason()
    {
        await using var directory = await TestDirectory.StartAsync();
        await using var factory = new DashboardFactory(directory.AppSettings());

        // An admin by app role: signs in from a deep link and lands there, with the Admin pages.
        directory.Next = TestDirectory.Person("0b9d2d0e-1f6e-4c3a-8d7e-5a1b2c3d4e5f", "Ada Entra", "ada@contoso.test", "Admin");
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await SignInAsync(page, "admin/api-keys");
        await page.WaitForURLAsync(url => url.EndsWith("/admin/api-keys", StringComparison.Ordinal));
        await Circuit.LiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("API keys");
        await Assertions.Expect(page.Locator("[data-testid=user-role]")).ToHaveTextAsync("Admin");
        await Assertions.Expect(page.Locator("[data-testid=user-name]")).ToHaveTextAsync("Ada Entra");

        // Sign-out ends the app's session and the directory's, and lands on the sign-in page (not straight back into Microsoft).
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");
        await page.Locator("[data-testid=signin-entra]").WaitForAsync();
        directory.SignOuts.ShouldBe(1);
        using (var signedOut = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.BaseAddress })
        {
            foreach (var cookie in await page.Context.CookiesAsync()) signedOut.DefaultRequestHeaders.Add("Cookie", $"{cookie.Name}={cookie.Value}");
            var again = await signedOut.GetAsync("admin/api-keys", TestContext.Current.CancellationToken);
            again.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, "the app's session is over: a page asks the directory again");
            again.Headers.Location!.ToString().ShouldStartWith(directory.Instance.ToString());
        }

        // A Viewer by app role sees spend, not the Admin pages.
        directory.Next = TestDirectory.Person("5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170", "Vic Viewer", "vic@contoso.test", "Viewer");
        var viewer = await browser.NewPageAsync(factory.BaseAddress);
        await SignInAsync(viewer, "");
        await Circuit.LiveAsync(viewer);
        await Assertions.Expect(viewer.Locator(".mud-navmenu")).ToContainTextAsync("Explore");
        await Assertions.Expect(viewer.Locator(".mud-navmenu")).Not.ToContainTextAsync("API keys");
        await Assertions.Expect(viewer.Locator("[data-testid=user-role]")).ToHaveTextAsync("Viewer");

        // No app role: told who they are and what to ask for, and not signed in (never quietly a Viewer).
        directory.Next = TestDirectory.Person("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "Nora Norole", "nora@contoso.test");
        var nobody = await browser.NewPageAsync(factory.BaseAddress);
        await SignInAsync(nobody, "");
        await Assertions.Expect(nobody.Locator("[data-testid=signin-refused]"))
            .ToContainTextAsync("You signed in as Nora Norole (nora@contoso.test), but you have no role in AiGateway Dashboard, so you are not signed in.");
        (await nobody.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "aigw.auth", "not signed in");

        // A token for another application, and one signed by a key the directory does not publish: refused, and said why.
        directory.Next = TestDirectory.Person("0b9d2d0e-1f6e-4c3a-8d7e-5a1b2c3d4e5f", "Ada Entra", "ada@contoso.test", "Admin");
        foreach (var (wrong, says) in new (Action<bool>, string)[]
        {
            (on => directory.NextAudience = on ? "api://someone-else" : null, "the token was issued for another application"),
            (on => directory.SignWithUnpublishedKey = on, "the token was not signed by the directory's keys"),
        })
        {
            wrong(true);
            var refused = await browser.NewPageAsync(factory.BaseAddress);
            await SignInAsync(refused, "");
            await Assertions.Expect(refused.Locator("[data-testid=signin-refused]")).ToContainTextAsync($"The sign-in was refused: {says}.");
            (await refused.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "aigw.auth", "not signed in");
            wrong(false);
        }
    }

    [Fact]
    public async Task Memberships_follow_the_person_when_their_login_changes_and_never_pass_to_whoever_gets_it_next()
    {
        await using var directory = await TestDirectory.StartAsync();
        await using var factory = new DashboardFactory(directory.AppSettings());
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct))
        {
            // An admin put Lee in Search before Lee ever signed in, by the login the directory gives.
            var unit = await db.OrgUnits.SingleAsync(u => u.Code == "search", Ct);
            db.OrgUnitMembers.Add(new Domain.OrgUnitMember { OrgUnitId = unit.Id, UserEmail = "lee@contoso.test" });
            await db.SaveChangesAsync(Ct);
        }
        const string lee = "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
        string[] search = ["Search answers", "Search ranking"]; // the spend of Search's subtree, by the units it is booked to

        (await UnitsSeenAsync(directory, factory, TestDirectory.Person(lee, "Lee Search", "lee@contoso.test", "Viewer"))).ShouldBe(search);
        // The mailbox is renamed; the object id stays: so do the memberships.
        (await UnitsSeenAsync(directory, factory, TestDirectory.Person(lee, "Lee Search", "lee.search@contoso.test", "Viewer"))).ShouldBe(search);
        // Someone else is given the login Lee had: they see nothing of Lee's.
        (await UnitsSeenAsync(directory, factory, TestDirectory.Person("7d6c5b4a-3928-4170-a6b5-c4d3e2f1a0b9", "Nova Newcomer", "lee.search@contoso.test", "Viewer"))).ShouldBeEmpty();
        // Lee, back under yet another login, still has them.
        (await UnitsSeenAsync(directory, factory, TestDirectory.Person(lee, "Lee Search", "lee.s@contoso.test", "Viewer"))).ShouldBe(search);

        await using var check = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(Ct);
        (await check.People.CountAsync(Ct)).ShouldBe(2);
        (await check.AuditEvents.Where(a => a.EntityType == "Person").Select(a => a.Action).ToListAsync(Ct))
            .ShouldBe(["person.login-changed", "person.login-reused", "person.login-changed"]);
    }

    /// <summary>Signs <paramref name="person"/> in, in a browser of their own, and reads the org units of the spend they may see.</summary>
    private async Task<string[]> UnitsSeenAsync(TestDirectory directory, DashboardFactory factory, Dictionary<string, object> person)
    {
        directory.Next = person;
        var page = await browser.NewPageAsync(factory.BaseAddress);
        await SignInAsync(page, "");
        await Circuit.LiveAsync(page);
        var today = DateOnly.FromDateTime(factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var response = await page.Context.APIRequest.GetAsync($"api/v1/spend?from={today.AddDays(-60):yyyy-MM-dd}&to={today:yyyy-MM-dd}&groupBy=orgUnit");
        response.Status.ShouldBe(200);
        var rows = (await response.JsonAsync())!.Value.GetProperty("rows").EnumerateArray();
        var units = rows.Select(r => r.GetProperty("orgUnit").GetString()!).Distinct().Order().ToArray();
        await page.Context.CloseAsync();
        return units;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>From the sign-in page, as a bookmark of it or a signed-out page sends people there, back to <paramref name="path"/>.</summary>
    private static async Task SignInAsync(IPage page, string path)
    {
        await page.GotoAsync($"signin?ReturnUrl={Uri.EscapeDataString("/" + path)}");
        await page.ClickAsync("[data-testid=signin-entra]");
    }
}
