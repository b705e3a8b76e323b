using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class AllocationRuleConfiguration : IEntityTypeConfiguration<AllocationRule>
{
    public void Configure(EntityTypeBuilder<AllocationRule> b)
    {
        b.ToTable("AllocationRules");
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ProviderConnection>().WithMany().HasForeignKey(x => x.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.ProjectId).HasMaxLength(200);
        b.Property(x => x.ApiKeyId).HasMaxLength(200);
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.Tag).HasMaxLength(200);
        b.HasIndex(x => x.Priority);
    }
}
