using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace AiGateway.Dashboard.Providers.Http;

public static class ProviderHttpRegistration
{
    /// <summary>
    /// One named client for syncs, one resilience pipeline: total timeout ⊃ retries ⊃ attempt timeout. Nothing else retries.
    /// A second client for connection tests: one attempt with a short time-out.
    /// </summary>
    public static IServiceCollection AddProviderHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ProviderHttpOptions>(configuration.GetSection(ProviderHttpOptions.Section));
        services.AddSingleton<ProviderHttp>();
        services.AddHttpClient(ProviderHttp.ClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan; // the pipeline owns time-outs
                c.DefaultRequestHeaders.UserAgent.ParseAdd("AiGateway.Dashboard/1.0 (billing sync)");
            })
            .AddResilienceHandler("provider", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<ProviderHttpOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline
                    .AddTimeout(o.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(0, o.MaxRetries),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.BaseDelay,
                        ShouldHandle = args => ProviderRetryPolicy.ShouldRetryAsync(args.Outcome),
                        DelayGenerator = args => ValueTask.FromResult(ProviderRetryPolicy.RequestedDelay(args.Outcome.Result, o.RetryAfterCap, time.GetUtcNow())),
                    })
                    .AddTimeout(o.AttemptTimeout);
            });
        services.AddHttpClient(ProviderHttp.ProbeClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan;
                c.DefaultRequestHeaders.UserAgent.ParseAdd("AiGateway.Dashboard/1.0 (connection test)");
            })
            .AddResilienceHandler("provider-probe", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<ProviderHttpOptions>>().Value.TestTimeout));
        return services;
    }
}
