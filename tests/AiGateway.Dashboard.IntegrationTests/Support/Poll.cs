namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>Reads what a live page shows until it is ready (the circuit renders after a short delay), at most 15 s unless told; the last reading either way.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> ready, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await read();
            if (ready(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }

    /// <summary>The trimmed texts of a locator's elements, once they are ready.</summary>
    public static Task<IReadOnlyList<string>> TextsAsync(Microsoft.Playwright.ILocator items, Func<IReadOnlyList<string>, bool> ready) =>
        UntilAsync<IReadOnlyList<string>>(async () => (await items.AllInnerTextsAsync()).Select(t => t.Replace('\n', ' ').Trim()).ToList(), ready);
}
