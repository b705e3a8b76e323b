using AiGateway.Dashboard.Domain;
using NetArchTest.Rules;

namespace AiGateway.Dashboard.Tests.Architecture;

/// <summary>Folder boundaries kept by tests instead of by projects (STYLE.md).</summary>
public class LayoutTests
{
    private static Types App => Types.InAssembly(typeof(Money).Assembly);

    [Fact]
    public void The_domain_knows_nothing_of_EF_HTTP_UI_or_jobs()
    {
        var result = App.That().ResideInNamespace("AiGateway.Dashboard.Domain")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "MudBlazor", "Hangfire", "System.Net.Http")
            .GetResult();
        result.IsSuccessful.ShouldBeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Provider_clients_do_not_write_to_the_database()
    {
        var result = App.That().ResideInNamespace("AiGateway.Dashboard.Providers")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "AiGateway.Dashboard.Data")
            .GetResult();
        result.IsSuccessful.ShouldBeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Jobs_stay_thin_and_never_touch_the_ui()
    {
        var result = App.That().ResideInNamespace("AiGateway.Dashboard.Jobs")
            .ShouldNot().HaveDependencyOnAny("MudBlazor", "AiGateway.Dashboard.Components")
            .GetResult();
        result.IsSuccessful.ShouldBeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Pages_and_components_never_open_a_DbContext_they_call_their_queries_and_services()
    {
        var result = App.That().Inherit(typeof(Microsoft.AspNetCore.Components.ComponentBase))
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "AiGateway.Dashboard.Data.DashboardDbContext")
            .GetResult();
        result.IsSuccessful.ShouldBeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }
}
