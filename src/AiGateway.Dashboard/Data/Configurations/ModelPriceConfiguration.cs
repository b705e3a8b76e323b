using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class ModelPriceConfiguration : IEntityTypeConfiguration<ModelPrice>
{
    public void Configure(EntityTypeBuilder<ModelPrice> b)
    {
        b.ToTable("ModelPrices");
        // One price per model, tier, day and origin: an admin's price beside the catalog's never collides with it.
        b.HasIndex(x => new { x.Provider, x.Model, x.ServiceTier, x.EffectiveFrom, x.Origin }).IsUnique();
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.ServiceTier).HasMaxLength(20);
        b.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(x => x.Source).HasMaxLength(500);
        b.Property(x => x.ChangedBy).HasMaxLength(320);
    }
}
