using System.Net;
using AiGateway.Dashboard.IntegrationTests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Api;

public class ExploreExportTests(SharedDashboard dashboard)
{
    [Fact]
    public async Task The_csv_export_is_the_grid_of_the_view_for_the_persons_scope()
    {
        using var finance = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(finance, "finance");
        var response = await finance.GetAsync("explore/export.csv?range=last90&groupBy=orgUnit", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("orgUnit,from_utc_day,to_utc_day,cost_usd,estimated_usd,input_tokens,output_tokens,requests,cost_per_1k_tokens_usd,share");
        lines.Skip(1).ShouldAllBe(l => l.Split(',').Length == 10, "no column without a header");
        lines.Skip(1).Select(l => l.Split(',')[1]).Distinct().ShouldHaveSingleItem().ShouldMatch(@"^\d{4}-\d{2}-\d{2}$");
        lines.Skip(1).Select(l => l.Split(',')[0]).ShouldBe(["Product Engineering", "Data & Analytics", "Unallocated", "Corporate IT"], ignoreOrder: true);

        using var lead = dashboard.Factory.CreateRealClient();
        await SignIn.AsAsync(lead, "teamlead");
        var scoped = await lead.GetStringAsync("explore/export.csv?range=last90&groupBy=project", TestContext.Current.CancellationToken);
        scoped.ShouldContain("Support bot");
        scoped.ShouldNotContain("Search ranking");
        scoped.ShouldNotContain("Image studio");
        var split = (await lead.GetStringAsync("explore/export.csv?range=last90&groupBy=project&split=model", TestContext.Current.CancellationToken)).TrimStart('\uFEFF');
        split.Split("\r\n")[0].ShouldStartWith("project,model,from_utc_day,to_utc_day,cost_usd");

        using var anonymous = dashboard.Factory.CreateRealClient(allowRedirects: false);
        (await anonymous.GetAsync("explore/export.csv", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
