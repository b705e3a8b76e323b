using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Admin;
using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>
/// A brand-new instance (no demo data): the Admin sees the setup checklist with each step linked and ticking itself,
/// empty pages say what to do and offer the button; a Viewer is told to ask an admin, with no checklist.
/// </summary>
public class FirstHourBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_empty_instance_guides_the_admin_step_by_step_and_tells_others_what_to_expect()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false", ["Notifications:FinanceRecipients:0"] = "" });
        var admin = await browser.SignedInAsync(factory.BaseAddress, "admin");

        var checklist = admin.Locator("[data-testid=setup-checklist]");
        await Assertions.Expect(checklist).ToContainTextAsync("0 of 5 done");
        await Assertions.Expect(admin.Locator("[data-testid=setup-connect] a")).ToHaveAttributeAsync("href", "connections");
        await Assertions.Expect(admin.Locator("[data-testid=empty-add-connection]")).ToBeVisibleAsync();

        // Connections: the empty state offers the button, and the button opens the form.
        await admin.ClickAsync("[data-testid=empty-add-connection]");
        await admin.ClickAsync("[data-testid=connections-empty-add]");
        await admin.Locator(".mud-dialog").WaitForAsync();
        await admin.Keyboard.PressAsync("Escape");

        // Budgets: no unit yet, so the dialog says units come first.
        await admin.GotoAsync("budgets");
        await Circuit.LiveAsync(admin);
        await admin.ClickAsync("[data-testid=budget-new]");
        await Assertions.Expect(admin.Locator("[data-testid=budget-no-units]")).ToContainTextAsync("Admin page");
        await admin.Keyboard.PressAsync("Escape");

        // A step done elsewhere ticks itself.
        var units = factory.Services.GetRequiredService<OrgUnitsService>();
        var org = await units.SaveAsync(new OrgUnit { Code = "acme", Name = "Acme", Kind = OrgUnitKind.Organization }, "test", TestContext.Current.CancellationToken);
        await units.SaveAsync(new OrgUnit { Code = "search", Name = "Search", Kind = OrgUnitKind.Team, ParentId = org }, "test", TestContext.Current.CancellationToken);
        await admin.GotoAsync("");
        await Assertions.Expect(admin.Locator("[data-testid=setup-org-tree]")).ToHaveAttributeAsync("data-done", "true");
        await Assertions.Expect(checklist).ToContainTextAsync("1 of 5 done");

        var viewer = await browser.SignedInAsync(factory.BaseAddress, "viewer");
        await Assertions.Expect(viewer.Locator("[data-testid=empty-overview]")).ToContainTextAsync("Ask your dashboard admin");
        (await viewer.Locator("[data-testid=setup-checklist]").CountAsync()).ShouldBe(0);
        (await viewer.Locator("[data-testid=empty-add-connection]").CountAsync()).ShouldBe(0);
    }
}
