using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("ApiKeys");
        b.HasIndex(x => x.Sha256).IsUnique();
        b.Property(x => x.Name).HasMaxLength(ApiKey.MaxNameLength);
        b.Property(x => x.Prefix).HasMaxLength(ApiKey.PrefixLength);
        b.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
        b.Property(x => x.Scopes).HasMaxLength(400);
        b.Property(x => x.CreatedBy).HasMaxLength(320);
        b.Property(x => x.RevokedBy).HasMaxLength(320);
        b.Property(x => x.LastUsedFrom).HasMaxLength(64);
        b.Ignore(x => x.ScopeList);
    }
}
