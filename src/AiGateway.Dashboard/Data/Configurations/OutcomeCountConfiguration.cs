using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class OutcomeCountConfiguration : IEntityTypeConfiguration<OutcomeCount>
{
    public void Configure(EntityTypeBuilder<OutcomeCount> b)
    {
        b.ToTable("OutcomeCounts");
        b.HasOne<OutcomeMetric>().WithMany().HasForeignKey(x => x.MetricId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.MetricId, x.Date }).IsUnique();
    }
}
