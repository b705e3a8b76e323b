using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class ProviderConnectionConfiguration : IEntityTypeConfiguration<ProviderConnection>
{
    public void Configure(EntityTypeBuilder<ProviderConnection> b)
    {
        b.ToTable("Connections");
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.BaseUrl).HasMaxLength(500);
        b.Property(x => x.OrganizationId).HasMaxLength(200);
        b.Property(x => x.SecretHint).HasMaxLength(8);
        b.Property(x => x.Schedule).HasMaxLength(100);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
