using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>Choosing an option of a MudSelect in a dialog, as a person does.</summary>
public static class Choose
{
    public static async Task InDialogAsync(IPage page, string testId, string option)
    {
        // The select's popover may still be opening when clicked: try again until the choice shows in the field.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await page.Locator($"[data-testid={testId}]").ClickAsync();
            var item = page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = option });
            await item.First.WaitForAsync();
            await page.WaitForTimeoutAsync(200);
            await item.First.ClickAsync();
            await page.WaitForTimeoutAsync(200);
            var shown = await page.Locator(".mud-dialog").EvaluateAsync<string>("d => [...d.querySelectorAll('input')].map(i => i.value).join('|') + '|' + d.innerText");
            if ((await page.Locator(".mud-popover-open .mud-list-item").CountAsync()) == 0 && shown.Contains(option, StringComparison.Ordinal)) return;
        }
        throw new InvalidOperationException($"Could not choose '{option}' in {testId}.");
    }
}
