using AiGateway.Dashboard.Data;
using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>Billed facts written as a sync writes them (rows of a disabled connection, then its rollups), for tests that need an exact bill.</summary>
public static class BilledRows
{
    /// <returns>The connection's id (made on first use for the provider).</returns>
    public static async Task<int> AddAsync(DashboardFactory factory, ProviderKind provider, IEnumerable<(DateOnly Day, string Project, long Micros)> rows,
        Func<CostRecord, CostRecord?>? adjustmentOf = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(ct);
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Kind == provider, ct);
        if (connection is null)
        {
            db.Connections.Add(connection = new ProviderConnection { Kind = provider, Name = $"{provider} (test)", Enabled = false, CreatedUtc = DateTime.UtcNow });
            await db.SaveChangesAsync(ct);
        }
        var days = new List<DateOnly>();
        foreach (var (day, project, micros) in rows)
        {
            var row = new CostRecord
            {
                ConnectionId = connection.Id, Provider = provider, UsageDate = day, ProjectId = project, Model = "test-model", LineItem = "tokens",
                Kind = CostKind.Billed, CostMicros = micros, Currency = Money.Usd,
            };
            row.ComputeNaturalKey();
            db.CostRecords.Add(row);
            days.Add(day);
            if (adjustmentOf?.Invoke(row) is { } adjustment)
            {
                db.CostRecords.Add(adjustment);
                days.Add(adjustment.UsageDate);
            }
        }
        await db.SaveChangesAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RollupBuilder.RebuildAsync(db, connection.Id, new DateWindow(days.Min(), days.Max()), ct);
        await tx.CommitAsync(ct);
        return connection.Id;
    }
}
