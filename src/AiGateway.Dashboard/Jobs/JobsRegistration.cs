using AiGateway.Dashboard.Configuration;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;

namespace AiGateway.Dashboard.Jobs;

public static class JobsRegistration
{
    public static IHostApplicationBuilder AddDashboardJobs(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? DatabaseOptions.Sqlite;
        var connectionString = builder.Configuration.GetConnectionString("Dashboard");

        builder.Services.AddHangfire(cfg =>
        {
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (provider.Equals(DatabaseOptions.SqlServer, StringComparison.OrdinalIgnoreCase))
            {
                cfg.UseSqlServerStorage(connectionString, new SqlServerStorageOptions { PrepareSchemaIfNecessary = true });
            }
            else if (provider.Equals(DatabaseOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
            {
                // Its own schema ("hangfire") beside ours; a job enqueued on a web node wakes the workers through LISTEN/NOTIFY
                // (long polling) instead of waiting for the next 15-second poll.
                cfg.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, SchemaName = "hangfire", EnableLongPolling = true });
            }
            else
            {
                // Disposable state: progress lives in our own tables (SyncRun), not in Hangfire's.
                cfg.UseInMemoryStorage();
            }
        });
        if (options.RunsServer)
        {
            builder.Services.AddHangfireServer(o => o.WorkerCount = Math.Min(Environment.ProcessorCount * 5, 20));
        }
        builder.Services.AddTransient<SyncJob>();
        builder.Services.AddTransient<BudgetEvaluationJob>();
        builder.Services.AddTransient<UsageRetentionJob>();
        builder.Services.AddTransient<ApprovalsMaintenanceJob>();
        builder.Services.AddTransient<MonthlyReportJob>();
        builder.Services.AddTransient<InterruptedRunsJob>();
        builder.Services.AddTransient<FxRatesJob>();
        builder.Services.AddSingleton<SyncSchedule>();
        return builder;
    }

    /// <summary>The job dashboard at /jobs: Admin only, storage connection string hidden.</summary>
    public static IEndpointRouteBuilder MapJobDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboardWithAuthorizationPolicy(Auth.Policies.Admin, "/jobs", new DashboardOptions
        {
            DisplayStorageConnectionString = false,
            DashboardTitle = "AiGateway jobs",
            AppPath = "/connections",
            // Authorization is the endpoint policy; Hangfire's own local-requests-only filter is replaced.
            Authorization = [],
        });
        return app;
    }
}
