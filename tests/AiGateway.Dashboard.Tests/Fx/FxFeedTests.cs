using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Features.Fx;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Tests.Fx;

/// <summary>The rates job's fetch against a real HTTP server on loopback serving the ECB's XML (our fixture).</summary>
public class FxFeedTests
{
    private static FxService Service(SyncHarness h, Uri feed) => new(h.Db, new DatabaseWriteGate(true), h.Changes,
        Options.Create(new FxOptions { FeedUrl = feed.ToString() }), new ServiceCollection().AddHttpClient(FxService.FeedClientName, c => c.Timeout = TimeSpan.FromSeconds(2)).Services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
        h.Prices, h.Time, NullLogger<FxService>.Instance);

    [Fact]
    public async Task The_feed_is_stored_once_and_fetching_it_again_changes_nothing()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Map("/stats/eurofxref/eurofxref-hist-90d.xml", ctx => { ctx.Response.ContentType = "text/xml"; return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, Fixtures.Read("Ecb/eurofxref-hist-sample.xml")); });
        await using var h = await SyncHarness.CreateAsync();
        var fx = Service(h, new Uri(server.BaseAddress, "stats/eurofxref/eurofxref-hist-90d.xml"));

        var first = await fx.FetchFeedAsync(TestContext.Current.CancellationToken);
        var again = await fx.FetchFeedAsync(TestContext.Current.CancellationToken);

        (first.RatesWritten, first.RatesUnchanged).ShouldBe((16, 0));
        (again.RatesWritten, again.RatesUnchanged).ShouldBe((0, 16));
        var rates = await fx.ListAsync("USD", null, null, TestContext.Current.CancellationToken);
        rates.Select(r => (r.Day, r.Rate)).ShouldBe([(new DateOnly(2026, 11, 20), 1.0543m), (new DateOnly(2026, 11, 19), 1.0521m), (new DateOnly(2026, 11, 18), 1.0498m), (new DateOnly(2026, 11, 13), 1.0610m)]);
        rates.ShouldAllBe(r => r.Source == "ECB");
    }

    [Fact]
    public async Task A_feed_that_fails_keeps_the_stored_rates_and_says_why()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.MapJson("/ok.xml", Fixtures.Read("Ecb/eurofxref-hist-sample.xml"));
        server.Map("/down.xml", ctx => { ctx.Response.StatusCode = 503; return Task.CompletedTask; });
        server.Map("/slow.xml", async ctx => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted));
        server.MapJson("/html.xml", "<html><body>Maintenance</body></html>");
        await using var h = await SyncHarness.CreateAsync();
        await Service(h, new Uri(server.BaseAddress, "ok.xml")).FetchFeedAsync(TestContext.Current.CancellationToken);

        (await Should.ThrowAsync<HttpRequestException>(() => Service(h, new Uri(server.BaseAddress, "down.xml")).FetchFeedAsync(TestContext.Current.CancellationToken)))
            .Message.ShouldContain("answered 503 ServiceUnavailable; the rates already stored are kept");
        (await Should.ThrowAsync<TimeoutException>(() => Service(h, new Uri(server.BaseAddress, "slow.xml")).FetchFeedAsync(TestContext.Current.CancellationToken)))
            .Message.ShouldContain("did not answer in time");
        (await Should.ThrowAsync<InvalidDataException>(() => Service(h, new Uri(server.BaseAddress, "html.xml")).FetchFeedAsync(TestContext.Current.CancellationToken)))
            .Message.ShouldContain("holds no rates");
        (await Service(h, new Uri(server.BaseAddress, "ok.xml")).ListAsync(null, null, null, TestContext.Current.CancellationToken)).Count.ShouldBe(16);
    }
}
