using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class ReportArchiveConfiguration : IEntityTypeConfiguration<ReportArchive>
{
    public void Configure(EntityTypeBuilder<ReportArchive> b)
    {
        b.ToTable("ReportArchives");
        b.HasIndex(x => new { x.Month, x.Version }).IsUnique();
        b.Property(x => x.CreatedBy).HasMaxLength(320);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Changes).HasMaxLength(4000);
    }
}
