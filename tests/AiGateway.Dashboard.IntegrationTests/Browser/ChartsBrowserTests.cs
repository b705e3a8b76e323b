using AiGateway.Dashboard.IntegrationTests.Support;
using Microsoft.Playwright;

namespace AiGateway.Dashboard.IntegrationTests.Browser;

/// <summary>Charts use their card's width, say what they show in words, let the legend hide a series, and the burn-down's day labels never print over each other (on any day of the period).</summary>
public class ChartsBrowserTests(SharedDashboard dashboard, BrowserFixture browser)
{
    [Fact]
    public async Task Charts_fill_their_card_have_a_summary_and_labels_that_do_not_overlap()
    {
        var page = await browser.SignedInAsync(dashboard.BaseAddress, "finance");

        var chart = page.Locator(".mud-chart svg").First;
        await chart.WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.mud-chart svg path.mud-chart-bar').length > 30"); // drawn once the card is measured
        var widths = await page.EvaluateAsync<double[]>("""
            () => { const svg = document.querySelector('.mud-chart svg'); const card = svg.closest('.mud-paper');
                    const pad = parseFloat(getComputedStyle(card).paddingLeft) + parseFloat(getComputedStyle(card).paddingRight);
                    return [svg.getBoundingClientRect().width, card.clientWidth - pad]; }
            """);
        widths[0].ShouldBeGreaterThan(widths[1] * 0.9, $"the chart is {widths[0]:0} px wide in a card of {widths[1]:0} px");
        (await page.Locator("[data-testid=chart-summary]").InnerTextAsync()).ShouldMatch(@"^Daily spend from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC days\): \$[\d,]+\.\d{2} in all");

        // Every bar keeps its day, the axis shows a readable few of them.
        var axis = await page.EvaluateAsync<int[]>("() => { const t = [...document.querySelectorAll('[data-testid=daily-chart] .mud-charts-xaxis text')]; return [t.length, t.filter(x => x.textContent.trim() === '').length, t.filter(x => getComputedStyle(x).display !== 'none').length]; }");
        axis[1].ShouldBe(0, "no bar without its day");
        axis[2].ShouldBeInRange(2, 12, $"{axis[2]} of {axis[0]} day labels shown");
        // Hovering a bar tells its exact amount, its series and its day.
        // The chart redraws once it has measured its card (and when the page reloads its figures), and a bar raises its
        // hover through the circuit: hover a tall bar until the tooltip shows, waiting longer each time, and read both of
        // its lines in the same instant (a redraw may take it away again).
        const string Amount = @"^\$\d+(\.\d{1,6})?$";
        static bool Shown(string[] lines) => lines.Length >= 2 && System.Text.RegularExpressions.Regex.IsMatch(lines[0], Amount);
        string[] tooltip = [];
        for (var attempt = 0; attempt < 6 && !Shown(tooltip); attempt++)
        {
            var tall = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.mud-chart svg path.mud-chart-bar')].findIndex(p => p.getBoundingClientRect().height > 20)");
            await page.Mouse.MoveAsync(0, 0);
            await page.Locator(".mud-chart svg path.mud-chart-bar").Nth(Math.Max(0, tall)).HoverAsync(new() { Force = true });
            tooltip = await Poll.UntilAsync(() => page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.mud-charts-tooltip tspan')].map(t => t.textContent.trim())"),
                Shown, TimeSpan.FromSeconds(2 + 3 * attempt));
        }
        tooltip.Length.ShouldBeGreaterThanOrEqualTo(2, $"the tooltip said: {string.Join(" | ", tooltip)}");
        tooltip[0].ShouldMatch(Amount);
        tooltip[1].ShouldMatch(@"^(OpenAI|Anthropic|AzureOpenAI|Gateway|Estimated.*) · \d{2}-\d{2}");
        // The legend hides a series and shows it again.
        var legend = page.Locator(".mud-chart-legend-item").First;
        var bars = page.Locator(".mud-chart svg path.mud-chart-bar");
        var before = await bars.CountAsync();
        await legend.ClickAsync();
        await page.WaitForFunctionAsync("n => document.querySelectorAll('.mud-chart svg path.mud-chart-bar').length < n", before);
        await legend.ClickAsync();
        await page.WaitForFunctionAsync("n => document.querySelectorAll('.mud-chart svg path.mud-chart-bar').length === n", before);

        // The burn-down of a budget: its start, end and "today" labels do not overlap.
        await page.GotoAsync("budgets");
        var link = page.Locator("[data-testid=budget-unit] a").First;
        await page.GotoAsync((await link.GetAttributeAsync("href"))!);
        // The prerendered page is replaced by the circuit's first render, which loads the budget again: look once it has.
        await Circuit.LiveAsync(page);
        var boxes = await Poll.UntilAsync(() => page.EvaluateAsync<double[][]>("""
            () => [...document.querySelectorAll('[data-testid=burn-start], [data-testid=burn-end], [data-testid=burn-today]')]
                    .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right]; })
            """), b => b.Length >= 2);
        boxes.Length.ShouldBeGreaterThanOrEqualTo(2);
        for (var i = 0; i < boxes.Length; i++)
            for (var j = i + 1; j < boxes.Length; j++)
                (boxes[i][1] <= boxes[j][0] || boxes[j][1] <= boxes[i][0]).ShouldBeTrue($"labels {i} and {j} overlap: {boxes[i][0]:0}–{boxes[i][1]:0} and {boxes[j][0]:0}–{boxes[j][1]:0}");
        (await page.Locator("[data-testid=burn-summary]").InnerTextAsync()).ShouldContain("spent of a");
        await page.Context.CloseAsync();
    }
}
