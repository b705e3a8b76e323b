using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class DailyRollupConfiguration : IEntityTypeConfiguration<DailyRollup>
{
    public void Configure(EntityTypeBuilder<DailyRollup> b)
    {
        b.ToTable("DailyRollups");
        b.HasIndex(x => x.Date);
        b.HasIndex(x => new { x.ConnectionId, x.Date });
        b.HasIndex(x => new { x.OrgUnitId, x.Date });
        b.HasOne<ProviderConnection>().WithMany().HasForeignKey(x => x.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.SetNull);
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.ProjectId).HasMaxLength(200);
    }
}
