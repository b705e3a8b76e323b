using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class OutcomeMetricConfiguration : IEntityTypeConfiguration<OutcomeMetric>
{
    public void Configure(EntityTypeBuilder<OutcomeMetric> b)
    {
        b.ToTable("OutcomeMetrics");
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.Unit).HasMaxLength(100).IsRequired();
        b.HasIndex(x => new { x.OrgUnitId, x.Name }).IsUnique();
    }
}
