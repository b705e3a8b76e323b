using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// <summary>Behind a TLS proxy: the client address, scheme and host from the trusted proxies' X-Forwarded-* headers.</summary>
    private static IHostApplicationBuilder AddForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ProxyOptions.Section);
        builder.Services.Configure<ProxyOptions>(section);
        var proxy = section.Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost;
            foreach (var address in proxy.KnownProxies) o.KnownProxies.Add(System.Net.IPAddress.Parse(address));
            foreach (var network in proxy.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return builder;
    }

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
        Domain.ReportingCurrency.Use(builder.Configuration[$"{ReportingOptions.Section}:Currency"] ?? Domain.Money.Usd);
        // Data first: its initializer (migrations, seed) must start before the job server and the web server.
        builder.AddDashboardData();
        builder.AddDashboardAuth();
        builder.AddDashboardRateLimits();
        builder.AddForwardedHeaders();
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        builder.AddDashboardJobs();
        builder.AddDashboardFeatures();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(o =>
        {
            // One message at a time, gone when the person moves to another page, at the bottom left where no action sits.
            o.SnackbarConfiguration.MaxDisplayedSnackbars = 1;
            o.SnackbarConfiguration.NewestOnTop = true;
            o.SnackbarConfiguration.PreventDuplicates = true;
            o.SnackbarConfiguration.ClearAfterNavigation = true;
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
            o.SnackbarConfiguration.ShowCloseIcon = true;
        });
        // The newest message replaces the one on screen instead of waiting behind it.
        builder.Services.AddScoped<MudBlazor.SnackbarService>();
        builder.Services.Replace(ServiceDescriptor.Scoped<MudBlazor.ISnackbar>(sp => new Components.Shared.LatestSnackbar(sp.GetRequiredService<MudBlazor.SnackbarService>())));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        return builder;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyOptions>>().Value.Enabled) app.UseForwardedHeaders();
        static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
        if (!app.Environment.IsDevelopment())
        {
            // API callers get RFC 7807 problem details; people get the app's own error page.
            app.UseWhen(IsApi, api => api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = context => Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Unexpected error",
                    detail: "The request failed on the server; it has been logged.", extensions: new Dictionary<string, object?> { ["traceId"] = context.TraceIdentifier }).ExecuteAsync(context),
            }));
            app.UseWhen(c => !IsApi(c), pages => pages.UseExceptionHandler(Features.Account.ErrorPaths.Error, createScopeForErrors: true));
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseSecurityHeaders();
        // Bare status codes: problem details for the API, the app's own page (with its layout) for everything else.
        app.UseWhen(IsApi, api => api.UseStatusCodePages(context =>
            Results.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext)));
        app.UseWhen(c => !IsApi(c) && !c.Request.Path.StartsWithSegments("/_blazor"), pages =>
            pages.UseStatusCodePagesWithReExecute(Features.Account.ErrorPaths.Status + "/{0}", createScopeForStatusCodePages: true));
        // Routing after the error and status pages, so that their re-executed requests find their page.
        app.UseRouting();
        app.UseFailedSignInLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
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
