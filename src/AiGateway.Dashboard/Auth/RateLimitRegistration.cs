using System.Globalization;
using System.Threading.RateLimiting;
using AiGateway.Dashboard.Configuration;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Auth;

/// <summary>ASP.NET Core's rate limiter: a per-caller budget for exports and workbooks; failed sign-ins per address.</summary>
public static class RateLimitRegistration
{
    public const string ExpensivePolicy = "expensive";

    public static IHostApplicationBuilder AddDashboardRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitsOptions>(builder.Configuration.GetSection(RateLimitsOptions.Section));
        builder.Services.AddSingleton<FailedSignInLimiter>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, cancellationToken) =>
            {
                var after = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
                return new ValueTask(TooManyAsync(context.HttpContext, after, "Too many exports and workbooks", "This caller has asked for its share of exports and workbooks for now."));
            };
            o.AddPolicy(ExpensivePolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitsOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(CallerOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, limits.ExpensivePerWindow), Window = limits.Window, QueueLimit = 0, AutoReplenishment = true,
                });
            });
        });
        return builder;
    }

    /// <summary>Before authentication: an address that used up its failed sign-ins waits, whatever it sends.</summary>
    public static IApplicationBuilder UseFailedSignInLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var attempt = context.Request.Headers.ContainsKey("Authorization")
                || (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/auth/demo-signin"))
                || context.Request.Path.StartsWithSegments("/signin-oidc");
            var limiter = context.RequestServices.GetRequiredService<FailedSignInLimiter>();
            if (attempt && limiter.IsBlocked(context, out var after))
            {
                await TooManyAsync(context, after, "Too many failed sign-ins", "This address failed to sign in too often; wait before trying again.");
                return;
            }
            await next(context);
        });

    public static Task TooManyAsync(HttpContext context, TimeSpan retryAfter, string title, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: $"{detail} Retry after {seconds} s.").ExecuteAsync(context);
    }

    private static string CallerOf(HttpContext context) =>
        context.User.FindFirst("api_key")?.Value is { } key ? "key:" + key
        : context.User.Identity?.IsAuthenticated == true ? "person:" + context.User.Identity.Name
        : "address:" + FailedSignInLimiter.AddressOf(context);
}
