using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class SpendRollupConfiguration : IEntityTypeConfiguration<SpendRollup>
{
    public void Configure(EntityTypeBuilder<SpendRollup> b)
    {
        b.ToTable("SpendRollups");
        // Range scans by grain and date cover every page query; the others serve filters and rebuilds.
        b.HasIndex(x => new { x.Grain, x.Date, x.OrgUnitId, x.CostMicros });
        b.HasIndex(x => new { x.ConnectionId, x.Grain, x.Date });
        b.HasIndex(x => new { x.OrgUnitId, x.Grain, x.Date });
        b.HasOne<ProviderConnection>().WithMany().HasForeignKey(x => x.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.SetNull);
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.ProjectId).HasMaxLength(200);
    }
}
