using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class SpendRollupConfiguration : IEntityTypeConfiguration<SpendRollup>
{
    public void Configure(EntityTypeBuilder<SpendRollup> b)
    {
        b.ToTable("SpendRollups");
        // Range scans by grain and date serve every page query; the connection index serves a sync's rebuild.
        // No index leads with the org unit: SQLite would pick it to avoid a sort and scan it whole.
        // Covering: totals by org unit (the most common question) read the index alone, on either basis.
        b.HasIndex(x => new { x.Grain, x.Date, x.OrgUnitId, x.CostMicros, x.InputTokens, x.CachedInputTokens, x.CacheWriteTokens, x.OutputTokens, x.Requests, x.Basis, x.Kind })
            .HasDatabaseName("IX_SpendRollups_Grain_Date_OrgUnit_Covering");
        // Cost-only chart series by day read these alone, already in (day, value) order.
        b.HasIndex(x => new { x.Grain, x.Date, x.Model, x.CostMicros, x.Basis });
        b.HasIndex(x => new { x.Grain, x.Date, x.Provider, x.CostMicros, x.Basis });
        b.HasIndex(x => new { x.Grain, x.Date, x.ProjectId, x.CostMicros, x.Basis });
        b.HasIndex(x => new { x.ConnectionId, x.Grain, x.Date });
        b.HasOne<ProviderConnection>().WithMany().HasForeignKey(x => x.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.SetNull);
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.ProjectId).HasMaxLength(200);
    }
}
