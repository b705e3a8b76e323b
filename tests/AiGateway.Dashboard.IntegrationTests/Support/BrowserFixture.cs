using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>Debian's Chromium driven by Playwright (Playwright cannot download browsers here).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh (it installs Debian's chromium) or apt-get install -y chromium.");
        }
        // Assertions wait as long as actions do: on a loaded CI machine a circuit's update can take longer than Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(45_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        // Generous: on a 2-core CI machine several hosts start and sync while a browser test runs.
        context.SetDefaultTimeout(45_000);
        return await context.NewPageAsync();
    }

    /// <summary>A new page signed in as a demo persona through the sign-in form, on the first page it lands on with its live circuit.</summary>
    public async Task<IPage> SignedInAsync(Uri baseAddress, string persona)
    {
        var page = await NewPageAsync(baseAddress);
        await page.GotoAsync("signin");
        await page.ClickAsync($"[data-testid=persona-{persona}]");
        await page.WaitForURLAsync(url => !url.Contains("signin"));
        await Circuit.LiveAsync(page);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
