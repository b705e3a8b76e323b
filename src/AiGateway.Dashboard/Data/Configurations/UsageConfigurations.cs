using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class UsageHourConfiguration : IEntityTypeConfiguration<UsageHour>
{
    public void Configure(EntityTypeBuilder<UsageHour> b)
    {
        b.ToTable("UsageHours");
        // Buckets are additive, so no unique key is needed for correct sums; ingestion finds a batch's hours by this index.
        b.HasIndex(x => new { x.HourUtc, x.Provider, x.Model });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.SetNull);
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.ProjectId).HasMaxLength(200);
        b.Property(x => x.ApiKeyId).HasMaxLength(200);
        b.Property(x => x.ServiceTier).HasMaxLength(20);
        b.Property(x => x.Tags).HasMaxLength(4000);
        b.Ignore(x => x.Day);
    }
}

internal sealed class UsageEventIdConfiguration : IEntityTypeConfiguration<UsageEventId>
{
    public void Configure(EntityTypeBuilder<UsageEventId> b)
    {
        b.ToTable("UsageEventIds");
        b.HasKey(x => x.EventId);
        b.Property(x => x.EventId).HasMaxLength(200);
        b.HasIndex(x => x.SeenUtc);
    }
}

internal sealed class BudgetReservationConfiguration : IEntityTypeConfiguration<BudgetReservation>
{
    public void Configure(EntityTypeBuilder<BudgetReservation> b)
    {
        b.ToTable("BudgetReservations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.RequestId).HasMaxLength(200);
        b.Property(x => x.Model).HasMaxLength(200);
        // The ledger reloads the open ones at start.
        b.HasIndex(x => new { x.Status, x.ExpiresUtc });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SystemAlertConfiguration : IEntityTypeConfiguration<SystemAlert>
{
    public void Configure(EntityTypeBuilder<SystemAlert> b)
    {
        b.ToTable("SystemAlerts");
        b.HasIndex(x => new { x.Kind, x.Key }).IsUnique();
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Key).HasMaxLength(300);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Message).HasMaxLength(2000);
    }
}

internal sealed class AccrualSnapshotConfiguration : IEntityTypeConfiguration<AccrualSnapshot>
{
    public void Configure(EntityTypeBuilder<AccrualSnapshot> b)
    {
        b.ToTable("AccrualSnapshots");
        b.HasIndex(x => new { x.MonthStart, x.Provider }).IsUnique();
    }
}

internal sealed class PriceDiscountConfiguration : IEntityTypeConfiguration<PriceDiscount>
{
    public void Configure(EntityTypeBuilder<PriceDiscount> b)
    {
        b.ToTable("PriceDiscounts");
        b.Property(x => x.Model).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.ChangedBy).HasMaxLength(200);
        b.Ignore(x => x.Percent);
        b.HasIndex(x => new { x.Provider, x.EffectiveFrom });
    }
}
