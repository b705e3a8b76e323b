using AiGateway.Dashboard.Configuration;
using AiGateway.Dashboard.Features.Connections;
using AiGateway.Dashboard.Features.Demo;
using AiGateway.Dashboard.Features.Overview;
using AiGateway.Dashboard.Features.Spend;
using AiGateway.Dashboard.Features.Sync;
using AiGateway.Dashboard.Providers;
using AiGateway.Dashboard.Providers.Simulated;
using AiGateway.Dashboard.Providers.Anthropic;
using AiGateway.Dashboard.Providers.Http;
using AiGateway.Dashboard.Providers.OpenAI;

namespace AiGateway.Dashboard.Features;

public static class FeaturesRegistration
{
    public static IHostApplicationBuilder AddDashboardFeatures(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<JobsOptions>(builder.Configuration.GetSection(JobsOptions.Section));
        services.Configure<ReportingOptions>(builder.Configuration.GetSection(ReportingOptions.Section));
        services.Configure<ProvidersOptions>(builder.Configuration.GetSection(ProvidersOptions.Section));
        services.Configure<FxOptions>(builder.Configuration.GetSection(FxOptions.Section));
        services.Configure<DemoOptions>(builder.Configuration.GetSection(DemoOptions.Section));
        if (builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() is { Seed: true, Gateway: true })
        {
            // The demo's gateway posts through the real endpoint with a key made for this run only.
            var key = Demo.DemoGatewayKey.Create();
            services.AddSingleton(key);
            services.PostConfigure<ApiOptions>(o => o.Keys.Add(key.Declared));
            services.AddHostedService<Demo.SimulatedGateway>();
        }
        services.Configure<BudgetsOptions>(builder.Configuration.GetSection(BudgetsOptions.Section));
        services.Configure<NotificationsOptions>(builder.Configuration.GetSection(NotificationsOptions.Section));
        services.Configure<ApprovalsOptions>(builder.Configuration.GetSection(ApprovalsOptions.Section));
        services.Configure<ReportsOptions>(builder.Configuration.GetSection(ReportsOptions.Section));
        services.Configure<BooksOptions>(builder.Configuration.GetSection(BooksOptions.Section));
        services.Configure<UsageOptions>(builder.Configuration.GetSection(UsageOptions.Section));
        services.Configure<ReconciliationOptions>(builder.Configuration.GetSection(ReconciliationOptions.Section));

        services.AddProviderHttp(builder.Configuration);
        services.AddSingleton<IBillingClient, SimulatedBillingClient>();
        services.AddSingleton<IBillingClient, OpenAIBillingClient>();
        services.AddSingleton<IBillingClient, AnthropicBillingClient>();
        services.AddSingleton<IBillingClient, Providers.Azure.AzureCostClient>();
        services.AddSingleton<IBillingClient, Providers.Aws.BedrockCostClient>();
        services.AddSingleton<IBillingClient, Providers.Mistral.MistralBillingClient>();
        services.AddSingleton<IBillingClient, Providers.Vertex.VertexBillingClient>();
        services.AddSingleton<IBillingClient, Providers.OpenRouter.OpenRouterBillingClient>();
        services.AddSingleton<Providers.Focus.FocusFileClient>();
        services.AddSingleton<IBillingClient>(sp => sp.GetRequiredService<Providers.Focus.FocusFileClient>());
        services.AddHttpClient(Providers.Focus.FocusFileClient.DownloadClientName, c => c.Timeout = TimeSpan.FromMinutes(30));
        services.Configure<FocusOptions>(builder.Configuration.GetSection(FocusOptions.Section));
        services.AddSingleton<BillingClientRegistry>();
        services.AddSingleton<SyncGuard>();
        services.AddSingleton<SyncNotifier>();
        services.AddSingleton<Changes.ChangeSignal>();
        services.AddHostedService<Changes.ChangeSources>();
        services.AddHostedService<Budgets.RemoteChangeFollower>();
        // Nodes of one database hear each other's changes: PostgreSQL's LISTEN/NOTIFY, SQL Server's polled change log.
        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"];
        if (string.Equals(provider, DatabaseOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = builder.Configuration.GetConnectionString("Dashboard")!;
            services.AddHostedService(sp => new Changes.PostgreSqlChangeRelay(sp.GetRequiredService<Changes.ChangeSignal>(), connectionString,
                sp.GetRequiredService<ILogger<Changes.PostgreSqlChangeRelay>>()));
        }
        else if (string.Equals(provider, DatabaseOptions.SqlServer, StringComparison.OrdinalIgnoreCase))
        {
            services.AddHostedService<Changes.ChangeLogRelay>();
        }
        services.AddSingleton<SyncService>();
        services.AddSingleton<SyncLauncher>();
        services.AddSingleton<InterruptedRunsService>();
        services.AddSingleton<ConnectionsService>();
        services.AddSingleton<DeclaredConnections>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<SpendQueries>();
        services.AddSingleton<ScopeResolver>();
        services.AddSingleton<AnomalyQueries>();
        services.AddSingleton<Outcomes.OutcomesService>();
        services.AddSingleton<Explore.ExploreQueries>();
        services.AddSingleton<Admin.AllocationService>();
        services.AddSingleton<Admin.OrgUnitsService>();
        services.AddSingleton<Budgets.BudgetSnapshot>();
        services.AddSingleton<Budgets.BudgetEvaluator>();
        services.AddSingleton<Budgets.BudgetLedger>();
        services.AddSingleton<ApiKeys.ApiKeyStore>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeys.ApiKeyStore>());
        services.AddSingleton<ApiKeys.ApiKeysService>();
        services.AddSingleton<People.PeopleService>();
        services.AddSingleton<Budgets.ReservationWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Budgets.ReservationWriter>());
        services.AddSingleton<Budgets.BudgetsService>();
        services.AddSingleton<Budgets.BudgetQueries>();
        services.AddSingleton<Approvals.ApprovalsService>();
        services.AddSingleton<Approvals.ApprovalQueries>();
        services.AddSingleton<Reports.MonthlyReportQueries>();
        services.AddSingleton<Reports.ChargebackQueries>();
        services.AddSingleton<Reports.MonthlyReportService>();
        services.AddSingleton<Exports.CostExport>();
        services.AddSingleton<Notifications.NotificationPublisher>();
        services.AddSingleton<Notifications.NotificationQueries>();
        services.AddSingleton<Notifications.EmailSender>();
        services.AddSingleton<Notifications.WebhookSender>();
        Notifications.WebhookSender.AddWebhookHttpClient(services);
        services.AddSingleton<Notifications.NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Notifications.NotificationDispatcher>());
        services.AddHostedService<Budgets.BudgetEvaluationTrigger>();
        services.AddSingleton<OrgUnits.OrgUnitQueries>();
        services.AddSingleton<OverviewQueries>();
        services.AddSingleton<Setup.SetupQueries>();
        services.AddSingleton<ConnectionsQueries>();
        services.AddSingleton<Admin.AdminQueries>();
        services.AddSingleton<Books.BooksQueries>();
        services.AddSingleton<Prices.PricesService>();
        services.AddSingleton<Usage.UsageService>();
        services.AddSingleton<Usage.EstimateRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<Usage.EstimateRefresher>());
        services.AddSingleton<Reconciliation.ReconciliationQueries>();
        services.AddSingleton<Reconciliation.ReconciliationMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<Reconciliation.ReconciliationMonitor>());
        services.AddSingleton<Notifications.SystemAlerts>();
        services.AddSingleton<Books.BooksService>();
        services.AddSingleton<Books.AccrualService>();
        services.AddSingleton<Fx.FxService>();
        services.AddHttpClient(Fx.FxService.FeedClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapSpendEndpoints();
        app.MapConnectionsEndpoints();
        ApiKeys.ApiKeyEndpoints.MapApiKeyEndpoints(app);
        Outcomes.OutcomesEndpoints.MapOutcomesEndpoints(app);
        Explore.ExploreEndpoints.MapExploreEndpoints(app);
        Budgets.BudgetEndpoints.MapBudgetEndpoints(app);
        Budgets.ReservationEndpoints.MapReservationEndpoints(app);
        Budgets.BudgetChangeEndpoints.MapBudgetChangeEndpoints(app);
        Approvals.ApprovalEndpoints.MapApprovalEndpoints(app);
        Reports.ReportsEndpoints.MapReportsEndpoints(app);
        Exports.ExportEndpoints.MapExportEndpoints(app);
        Books.BooksEndpoints.MapBooksEndpoints(app);
        Prices.PricesEndpoints.MapPricesEndpoints(app);
        Usage.UsageEndpoints.MapUsageEndpoints(app);
        Reconciliation.ReconciliationEndpoints.MapReconciliationEndpoints(app);
        Fx.FxEndpoints.MapFxEndpoints(app);
        Health.HealthEndpoints.MapHealthEndpoints(app);
        return app;
    }
}
