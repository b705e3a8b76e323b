using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class BookMonthConfiguration : IEntityTypeConfiguration<BookMonth>
{
    public void Configure(EntityTypeBuilder<BookMonth> b)
    {
        b.ToTable("BookMonths");
        b.HasIndex(x => x.Month).IsUnique();
        b.Property(x => x.ClosedBy).HasMaxLength(320);
        b.Property(x => x.ReopenedBy).HasMaxLength(320);
        b.Property(x => x.ReopenReason).HasMaxLength(1000);
        b.Property(x => x.CloseConfirmation).HasMaxLength(4000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Period);
    }
}
