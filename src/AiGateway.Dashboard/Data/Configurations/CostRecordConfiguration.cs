using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class CostRecordConfiguration : IEntityTypeConfiguration<CostRecord>
{
    public void Configure(EntityTypeBuilder<CostRecord> b)
    {
        b.ToTable("CostRecords");
        // The natural key per connection and day: a re-sync replaces, never duplicates.
        b.HasIndex(x => new { x.ConnectionId, x.UsageDate, x.NaturalKey }).IsUnique();
        b.HasOne<ProviderConnection>().WithMany().HasForeignKey(x => x.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.SetNull);
        b.Property(x => x.NaturalKey).HasMaxLength(450).IsRequired();
        b.Property(x => x.AccountId).HasMaxLength(200);
        b.Property(x => x.ProjectId).HasMaxLength(200);
        b.Property(x => x.ApiKeyId).HasMaxLength(200);
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.LineItem).HasMaxLength(400);
        b.Property(x => x.ServiceTier).HasMaxLength(50);
        b.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(x => x.OriginalCurrency).HasMaxLength(3).IsFixedLength().HasDefaultValue(Money.Usd);
        b.Property(x => x.Tags).HasMaxLength(1000);
        // "What corrects this closed month?" (restated since close, reopening).
        b.HasIndex(x => x.RestatedDate);
        b.Ignore(x => x.IsAdjustment);
        b.Ignore(x => x.FactKey);
        b.Ignore(x => x.UsageDay);
        b.Ignore(x => x.HasAmounts);
    }
}
