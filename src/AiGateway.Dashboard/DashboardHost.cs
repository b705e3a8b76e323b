using AiGateway.Dashboard.Auth;
using AiGateway.Dashboard.Components;
using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Features;
using AiGateway.Dashboard.Jobs;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MudBlazor.Services;

namespace AiGateway.Dashboard;

/// <summary>The wiring, one concern per call; Program.cs reads as the table of contents.</summary>
public static class DashboardHost
{
    /// <summary>
    /// The content root is the working directory under <c>dotnet run</c> (the repository root, with its
    /// appsettings.json and data/); a published app started from any other folder, as a service is, uses its own
    /// folder instead, so that it reads its appsettings.json and serves its wwwroot.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var explicitRoot = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        var appFolder = AppContext.BaseDirectory;
        var startedElsewhere = !File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
            && File.Exists(Path.Combine(appFolder, "appsettings.json"));
        return explicitRoot || !startedElsewhere
            ? new WebApplicationOptions { Args = args }
            : new WebApplicationOptions { Args = args, ContentRootPath = appFolder, WebRootPath = Path.Combine(appFolder, "wwwroot") };
    }

    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        ConfigurationValidator.Validate(builder.Configuration, builder.Environment);
        // Data first: its initializer (migrations, seed) must start before the job server and the web server.
        builder.AddDashboardData();
        builder.AddDashboardAuth();
        builder.AddDashboardJobs();
        builder.AddDashboardFeatures();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        return builder;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePages(async context =>
        {
            // API callers get problem details for bare status codes; pages keep the browser's behaviour.
            if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext);
            }
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCrossSiteRequestGuard();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapAuthEndpoints();
        app.MapDashboardApi();
        app.MapJobDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AiGateway.Dashboard");
            log.LogInformation("Content root {ContentRoot}; web root {WebRoot}; key ring in {KeyRing}",
                app.Environment.ContentRootPath, app.Environment.WebRootPath, app.Services.GetRequiredService<KeyRingLocation>().Description);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                Console.WriteLine($"AiGateway.Dashboard is running: open {address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal)}");
            }
        });
        return app;
    }
}
