using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class FxRateConfiguration : IEntityTypeConfiguration<FxRate>
{
    public void Configure(EntityTypeBuilder<FxRate> b)
    {
        b.ToTable("FxRates");
        b.HasIndex(x => new { x.From, x.To, x.Day }).IsUnique();
        b.Property(x => x.From).HasMaxLength(3).IsFixedLength();
        b.Property(x => x.To).HasMaxLength(3).IsFixedLength();
        b.Property(x => x.Source).HasMaxLength(200);
        b.Ignore(x => x.Rate);
    }
}
