using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class OrgUnitMemberConfiguration : IEntityTypeConfiguration<OrgUnitMember>
{
    public void Configure(EntityTypeBuilder<OrgUnitMember> b)
    {
        b.ToTable("OrgUnitMembers");
        b.Property(x => x.UserEmail).HasMaxLength(320).IsRequired();
        b.HasIndex(x => new { x.OrgUnitId, x.UserEmail }).IsUnique();
        b.HasIndex(x => x.UserEmail);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
