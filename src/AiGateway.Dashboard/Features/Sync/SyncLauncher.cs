using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Jobs;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AiGateway.Dashboard.Features.Sync;

/// <summary>
/// "Sync now" from the UI or the API: creates the run row at once (its id goes back to the caller), then hands
/// the work to Hangfire, or runs it in the background of this process when no job server is configured.
/// </summary>
public sealed class SyncLauncher(SyncService sync, IServiceProvider services, IOptions<JobsOptions> options, ILogger<SyncLauncher> log)
{
    /// <param name="range">Re-pull exactly these days instead of the planned window (validated by the caller).</param>
    public async Task<long> StartAsync(int connectionId, SyncTrigger trigger, CancellationToken cancellationToken, DateWindow? range = null)
    {
        var runId = await sync.QueueAsync(connectionId, trigger, cancellationToken, range);
        if (options.Value.Enabled)
        {
            // Resolved only when a job server is configured: no Hangfire client (and its global logger) otherwise.
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(j => j.RunQueuedAsync(connectionId, runId, CancellationToken.None));
        }
        else
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await sync.RunQueuedAsync(runId, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    log.LogError(ex, "Background sync run {RunId} crashed", runId);
                }
            }, CancellationToken.None);
        }
        return runId;
    }
}
