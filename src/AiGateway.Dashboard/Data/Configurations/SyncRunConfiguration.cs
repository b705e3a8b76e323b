using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> b)
    {
        b.ToTable("SyncRuns");
        b.HasIndex(x => new { x.ConnectionId, x.StartedUtc });
        b.HasOne<ProviderConnection>().WithMany().HasForeignKey(x => x.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Error).HasMaxLength(4000);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.Ignore(x => x.Window);
        b.Ignore(x => x.Duration);
    }
}
