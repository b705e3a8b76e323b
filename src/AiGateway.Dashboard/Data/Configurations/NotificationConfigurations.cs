using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class BudgetAdjustmentConfiguration : IEntityTypeConfiguration<BudgetAdjustment>
{
    public void Configure(EntityTypeBuilder<BudgetAdjustment> b)
    {
        b.ToTable("BudgetAdjustments");
        b.HasOne<Budget>().WithMany().HasForeignKey(x => x.BudgetId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.BudgetId, x.PeriodStart });
        b.Property(x => x.Reason).HasMaxLength(2000);
    }
}

internal sealed class AlertEventConfiguration : IEntityTypeConfiguration<AlertEvent>
{
    public void Configure(EntityTypeBuilder<AlertEvent> b)
    {
        b.ToTable("AlertEvents");
        b.HasOne<Budget>().WithMany().HasForeignKey(x => x.BudgetId).OnDelete(DeleteBehavior.Cascade);
        // Each alert fires once: a second insert of the same key fails and the evaluation moves on.
        b.HasIndex(x => new { x.BudgetId, x.PeriodStart, x.Kind, x.Key }).IsUnique();
        b.HasIndex(x => x.FiredUtc);
        b.Property(x => x.Key).HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Message).HasMaxLength(2000);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.HasIndex(x => new { x.UserEmail, x.ReadUtc });
        b.HasIndex(x => new { x.UserEmail, x.CreatedUtc });
        b.Property(x => x.UserEmail).HasMaxLength(320);
        b.Property(x => x.Kind).HasMaxLength(50);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Body).HasMaxLength(2000);
        b.Property(x => x.Link).HasMaxLength(500);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> b)
    {
        b.ToTable("NotificationDeliveries");
        b.HasIndex(x => new { x.Status, x.NextAttemptUtc });
        b.HasIndex(x => x.CreatedUtc);
        b.Property(x => x.Channel).HasMaxLength(100);
        b.Property(x => x.Target).HasMaxLength(320);
        b.Property(x => x.Kind).HasMaxLength(50);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Body).HasMaxLength(2000);
        b.Property(x => x.Link).HasMaxLength(500);
        b.Property(x => x.LastError).HasMaxLength(2000);
    }
}
