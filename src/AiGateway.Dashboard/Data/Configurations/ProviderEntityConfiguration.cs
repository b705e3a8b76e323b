using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class ProviderEntityConfiguration : IEntityTypeConfiguration<ProviderEntity>
{
    public void Configure(EntityTypeBuilder<ProviderEntity> b)
    {
        b.ToTable("ProviderEntities");
        b.HasOne<ProviderConnection>().WithMany().HasForeignKey(x => x.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.EntityType).HasMaxLength(30).IsRequired();
        b.Property(x => x.ExternalId).HasMaxLength(200).IsRequired();
        b.Property(x => x.Name).HasMaxLength(300).IsRequired();
        b.Property(x => x.ParentId).HasMaxLength(200);
        b.HasIndex(x => new { x.ConnectionId, x.EntityType, x.ExternalId }).IsUnique();
        b.HasIndex(x => x.ExternalId);
    }
}
