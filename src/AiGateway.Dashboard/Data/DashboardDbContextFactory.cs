using Microsoft.EntityFrameworkCore;

namespace AiGateway.Dashboard.Data;

/// <summary>Lets services ask for the shared model while the configured database's subclass is created.</summary>
public sealed class DashboardDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<DashboardDbContext>
    where TContext : DashboardDbContext
{
    public DashboardDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<DashboardDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
