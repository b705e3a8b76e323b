using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>The page's live circuit has rendered (the layout's marker is there): the prerendered page is gone, and clicks and reads reach the live page.</summary>
public static class Circuit
{
    public static Task LiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
