using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("People");
        b.HasIndex(x => new { x.TenantId, x.ObjectId }).IsUnique();
        b.HasIndex(x => x.Login);
        b.Property(x => x.TenantId).HasMaxLength(64);
        b.Property(x => x.ObjectId).HasMaxLength(64);
        b.Property(x => x.Login).HasMaxLength(320);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Ignore(x => x.FormerKey);
    }
}
